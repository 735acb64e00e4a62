/**
 * The designer's right-hand side: properties of the selection, the problem list,
 * the dry run and past runs, as tabs. The dry run stays mounted while hidden so a
 * simulation survives a look at the properties.
 */
import { useTranslation } from 'react-i18next';
import { useWorkflowDesigner } from './designer-context';
import { useWorkflowEditor } from './workflow-store';
import { NodePanel } from './panel/NodePanel';
import { EdgePanel, TriggerPanel, WorkflowPanel } from './panel/OtherPanels';
import { ProblemList } from './ProblemList';
import { DryRunPanel } from './run/DryRunPanel';
import { RunHistory } from './run/RunHistory';

function Properties() {
  const selection = useWorkflowEditor((s) => s.selection);
  if (selection?.type === 'node') return <NodePanel key={selection.id} nodeId={selection.id} />;
  if (selection?.type === 'trigger') return <TriggerPanel />;
  if (selection?.type === 'edge') return <EdgePanel key={selection.id} edgeId={selection.id} />;
  return <WorkflowPanel />;
}

export function SidePanel({ tab, onTab, definitionId, openRun }: { tab: string; onTab(tab: string): void; definitionId?: string; openRun?: string }) {
  const { t } = useTranslation();
  const { problems } = useWorkflowDesigner();
  const tabs = ['properties', 'problems', 'dryrun', ...(definitionId || openRun ? ['runs'] : [])];
  return (
    <aside className="wf-side" aria-label={t('workflow.side.label')}>
      <div className="wf-tabs" role="tablist">
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" id={`wf-tab-${id}`} aria-selected={tab === id} aria-controls={`wf-tabpanel-${id}`} data-testid={`wf-tab-${id}`} onClick={() => onTab(id)}>
            {t(`workflow.side.${id}`)}
            {id === 'problems' && problems.all.length > 0 && <span className="wf-tabs__count">{problems.all.length}</span>}
          </button>
        ))}
      </div>
      <div className="wf-tabpanel" role="tabpanel" id="wf-tabpanel-properties" aria-labelledby="wf-tab-properties" hidden={tab !== 'properties'}>
        {tab === 'properties' && <Properties />}
      </div>
      <div className="wf-tabpanel" role="tabpanel" id="wf-tabpanel-problems" aria-labelledby="wf-tab-problems" hidden={tab !== 'problems'}>
        {tab === 'problems' && <ProblemList />}
      </div>
      <div className="wf-tabpanel" role="tabpanel" id="wf-tabpanel-dryrun" aria-labelledby="wf-tab-dryrun" hidden={tab !== 'dryrun'}>
        <DryRunPanel />
      </div>
      {(definitionId || openRun) && (
        <div className="wf-tabpanel" role="tabpanel" id="wf-tabpanel-runs" aria-labelledby="wf-tab-runs" hidden={tab !== 'runs'}>
          {tab === 'runs' && <RunHistory {...(definitionId ? { definitionId } : {})} {...(openRun ? { openRun } : {})} />}
        </div>
      )}
    </aside>
  );
}
