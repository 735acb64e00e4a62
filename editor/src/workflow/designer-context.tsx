/**
 * What the parts of one open workflow designer share besides the editor store:
 * HQ's locks, the trigger's form (for field pickers and expression checks), the
 * validator's problems, the run drawn over the canvas, and a way to bring a node
 * into view. Provided by `WorkflowDesigner`; a part used outside it fails loudly.
 */
import { createContext, useContext } from 'react';
import type { FormDefinition } from '@branchline/schemas';
import type { WorkflowLocks } from './model/locks';
import type { ProblemIndex } from './model/problems';
import type { RunOverlay } from './model/flow-mapping';

export interface WorkflowDesignerContextValue {
  readonly locks: WorkflowLocks;
  readonly form: FormDefinition | undefined;
  /** The server id of the trigger's form, when it has one: the dry run offers its records as samples. */
  readonly formDefinitionId?: string;
  readonly problems: ProblemIndex;
  readonly overlay: RunOverlay | undefined;
  setOverlay(overlay: RunOverlay | undefined): void;
  /** Select a node (or the trigger) and center the canvas on it. */
  focusNode(id: string): void;
  readonly readOnly: boolean;
}

export const WorkflowDesignerContext = createContext<WorkflowDesignerContextValue | null>(null);

export function useWorkflowDesigner(): WorkflowDesignerContextValue {
  const value = useContext(WorkflowDesignerContext);
  if (!value) throw new Error('This part of the workflow designer must be rendered inside <WorkflowDesigner>.');
  return value;
}
