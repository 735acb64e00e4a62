/**
 * Mounts the workflow designer (editor/src/workflow/) for an open definition: finds
 * the form its trigger names, so field pickers, expression checks and the dry run
 * know the record's fields, and hands over HQ's locks.
 */
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import { useEditor } from '../store/editor-context';
import { Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { WorkflowDesigner } from '../workflow/WorkflowDesigner';
import { templateOf, type DesignerBodyProps } from './designer-kinds';

export default function WorkflowBody({ detail }: DesignerBodyProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const formKey = useEditor((s) => {
    const trigger = (s.definition as WorkflowDefinition).trigger;
    return 'form' in trigger ? trigger.form : undefined;
  });
  const form = useAsync(async (): Promise<{ id: string; definition: FormDefinition } | undefined> => {
    if (!formKey) return undefined;
    const { items } = await api.listDefinitions();
    const match = items.find((d) => d.kind === 'form' && d.key === formKey && d.orgId === detail.orgId) ?? items.find((d) => d.kind === 'form' && d.key === formKey);
    if (!match) return undefined;
    return { id: match.id, definition: (await api.getDefinition(match.id)).definition as FormDefinition };
  }, [api, formKey, detail.orgId]);
  const found = form.status === 'ready' ? form.data : undefined;
  if (form.status === 'loading') return <Loading label={t('workflow.loadingForm')} />;
  return (
    <WorkflowDesigner
      template={templateOf(detail)}
      {...(found ? { form: found.definition, formDefinitionId: found.id } : {})}
      definitionId={detail.publishedVersion ? detail.id : undefined}
      onReady={() => performance.mark('branchline:workflow-designer-ready')}
    />
  );
}
