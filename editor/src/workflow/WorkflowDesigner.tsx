/**
 * The workflow designer: palette, React Flow canvas, and a side panel with the
 * selected element's properties, the validator's problems, the dry run and past
 * runs. Reads and edits the workflow through the editor store it is given (see
 * `createWorkflowStore`), so undo/redo, autosave and the JSON view see every edit.
 *
 * @example
 * const store = createWorkflowStore(definition, { locks: template });
 * <EditorStoreProvider store={store}>
 *   <WorkflowDesigner template={template} form={customerForm} definitionId={id} />
 * </EditorStoreProvider>
 */
import { useCallback, useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import type { FormDefinition, Lock, NodeKind, Template } from '@branchline/schemas';
import '@xyflow/react/dist/style.css';
import './workflow.css';
import { WorkflowDesignerContext, type WorkflowDesignerContextValue } from './designer-context';
import { useWorkflowEditor, useWorkflowStoreApi } from './workflow-store';
import { Canvas, CANVAS_DROP_ID } from './canvas/Canvas';
import { Palette, PaletteGhost } from './canvas/Palette';
import { Toolbar } from './canvas/Toolbar';
import { SidePanel } from './SidePanel';
import { TRIGGER_ID, type RunOverlay } from './model/flow-mapping';
import { NODE_HEIGHT, NODE_WIDTH } from './model/layout';
import { besideOthers } from './model/geometry';
import { workflowLocks, type WorkflowLocks } from './model/locks';
import { indexProblems } from './model/problems';
import { isNodeKind, newNode } from './model/node-factory';
import { useWorkflowProblems } from './validation/use-problems';

export interface WorkflowDesignerProps {
  /** HQ's template when this workflow is an instance of one: its locks (a mandatory workflow's implicit ones too) and extension points. */
  readonly template?: Template | null;
  /** Just a lock list, when there is no template document at hand. */
  readonly locks?: readonly Lock[];
  /** The form the trigger names: field pickers, typed expression checks, the dry-run sample. */
  readonly form?: FormDefinition;
  /** The server id of that form, so the dry run can start from one of its records. */
  readonly formDefinitionId?: string;
  /** The server id of a published definition, to open its past runs. */
  readonly definitionId?: string;
  /** The server id of a past run to show at once, its trace lit on the canvas (e.g. opened from a record's runs). */
  readonly openRun?: string;
  /** Called once the canvas is on screen and interactive. */
  onReady?(): void;
  /** Show undo/redo in the designer's own toolbar (when no host toolbar offers them). */
  readonly undoButtons?: boolean;
}

function DesignerBody({ locks, form, formDefinitionId, definitionId, openRun, onReady, undoButtons }: Omit<WorkflowDesignerProps, 'locks' | 'template'> & { locks: WorkflowLocks }) {
  const { t } = useTranslation();
  const store = useWorkflowStoreApi();
  const rf = useReactFlow();
  const definition = useWorkflowEditor((s) => s.definition);
  const readOnly = useWorkflowEditor((s) => s.readOnly);
  const [overlay, setOverlay] = useState<RunOverlay | undefined>(undefined);
  const [dragging, setDragging] = useState<NodeKind | null>(null);
  const [tab, setTab] = useState<string>(openRun ? 'runs' : 'properties');

  const validated = useWorkflowProblems(definition, form);
  // Pointers index into the version that was checked.
  const problems = useMemo(() => indexProblems(validated.checked ?? { nodes: [], edges: [] }, validated.problems), [validated]);

  const focusNode = useCallback(
    (id: string) => {
      store.getState().select(id === TRIGGER_ID ? { type: 'trigger', id: 'trigger' } : { type: 'node', id });
      const n = rf.getInternalNode(id);
      if (!n) return;
      const w = n.measured.width ?? NODE_WIDTH;
      const h = n.measured.height ?? NODE_HEIGHT;
      void rf.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
    },
    [rf, store],
  );

  const context: WorkflowDesignerContextValue = useMemo(
    () => ({ locks, form, ...(formDefinitionId ? { formDefinitionId } : {}), problems, overlay, setOverlay, focusNode, readOnly }),
    [locks, form, formDefinitionId, problems, overlay, focusNode, readOnly],
  );

  const addAt = useCallback(
    (kind: NodeKind, screen: { x: number; y: number }, cascade = false) => {
      const def = store.getState().definition;
      const node = newNode(kind, new Set(def.nodes.map((n) => n.id)));
      const p = rf.screenToFlowPosition(screen);
      const at = { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 };
      if (cascade) Object.assign(at, besideOthers(at, Object.values(def.ui?.nodes ?? {})));
      if (store.getState().apply({ type: 'node.add', node, position: at })) {
        store.getState().select({ type: 'node', id: node.id });
        setTab('properties');
      }
    },
    [rf, store],
  );

  const addInView = useCallback(
    (kind: NodeKind) => {
      const el = document.querySelector('.wf-canvas');
      const r = el?.getBoundingClientRect();
      addAt(kind, r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 300, y: 300 }, true);
    },
    [addAt],
  );

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const onDragStart = (e: DragStartEvent) => {
    const kind = e.active.data.current?.kind;
    setDragging(isNodeKind(kind) ? kind : null);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const kind = e.active.data.current?.kind;
    const r = e.active.rect.current.translated;
    if (e.over?.id !== CANVAS_DROP_ID || !isNodeKind(kind) || !r) return;
    addAt(kind, { x: r.left + r.width / 2, y: r.top + r.height / 2 });
  };

  return (
    <WorkflowDesignerContext.Provider value={context}>
      <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        <div className="wf-designer" data-testid="wf-designer">
          <Toolbar undoButtons={!!undoButtons} onShowProblems={() => setTab('problems')} />
          <div className="wf-designer__body">
            <Palette disabled={readOnly} onAdd={addInView} />
            <Canvas {...(onReady ? { onReady } : {})} />
            <SidePanel tab={tab} onTab={setTab} {...(definitionId ? { definitionId } : {})} {...(openRun ? { openRun } : {})} />
          </div>
          {overlay && (
            <div className="wf-run-banner" role="status" data-testid="wf-run-banner">
              {t('workflow.run.showing')}
              <button type="button" className="btn btn-small" onClick={() => setOverlay(undefined)}>
                {t('workflow.dryRun.clear')}
              </button>
            </div>
          )}
        </div>
        <DragOverlay dropAnimation={null}>{dragging ? <PaletteGhost kind={dragging} /> : null}</DragOverlay>
      </DndContext>
    </WorkflowDesignerContext.Provider>
  );
}

export function WorkflowDesigner({ locks, template, ...rest }: WorkflowDesignerProps) {
  const index = useMemo(() => workflowLocks(template ?? locks), [template, locks]);
  return (
    <ReactFlowProvider>
      <DesignerBody locks={index} {...rest} />
    </ReactFlowProvider>
  );
}
