// @vitest-environment jsdom
/**
 * The property panels as a user drives them, against the real store, the real
 * validator-free edit functions and the runtime's expression compiler: the
 * condition builder writes CEL, the raw expression reports the compiler's problem
 * inline and completes names, a split that does not add up to 100 % says so, a
 * task's SLA presets write ISO durations, and a node HQ locked is read-only with
 * its policy shown. Every change is one undoable store edit.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition, Template, WorkflowDefinition, WorkflowNode } from '@branchline/schemas';
import { createI18n } from '../../i18n';
import { EditorStoreProvider } from '../../store/editor-context';
import { WorkflowDesignerContext, type WorkflowDesignerContextValue } from '../designer-context';
import { createWorkflowStore, type WorkflowEditorStore } from '../workflow-store';
import { workflowLocks, NO_LOCKS } from '../model/locks';
import { indexProblems } from '../model/problems';
import { NodePanel } from './NodePanel';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'customer-registration',
  title: { en: 'Customer' },
  fields: [
    { key: 'arr', type: 'currency', label: { en: 'ARR', 'zh-CN': '年收入' } },
    { key: 'usage_rate', type: 'percent', label: { en: 'Usage rate', 'zh-CN': '使用率' } },
    { key: 'region', type: 'select', label: { en: 'Region' }, options: [{ value: 'east', label: { en: 'East' } }, { value: 'south', label: { en: 'South' } }] },
  ],
};

function workflow(nodes: WorkflowNode[]): WorkflowDefinition {
  return { schemaVersion: 1, kind: 'workflow', key: 'wf', title: { en: 'WF' }, trigger: { type: 'record.created', form: 'customer-registration' }, start: nodes[0]!.id, nodes, edges: [] };
}

function mount(def: WorkflowDefinition, nodeId: string, template?: Template): WorkflowEditorStore {
  const store = createWorkflowStore(def, template ? { locks: template } : {});
  const ctx: WorkflowDesignerContextValue = {
    locks: template ? workflowLocks(template) : NO_LOCKS,
    form,
    problems: indexProblems(def, []),
    overlay: undefined,
    setOverlay: () => undefined,
    focusNode: () => undefined,
    readOnly: false,
  };
  const ui: ReactNode = (
    <I18nextProvider i18n={createI18n('en')}>
      <EditorStoreProvider store={store}>
        <WorkflowDesignerContext.Provider value={ctx}>
          <NodePanel nodeId={nodeId} />
        </WorkflowDesignerContext.Provider>
      </EditorStoreProvider>
    </I18nextProvider>
  );
  render(ui);
  return store;
}

const nodeOf = (store: WorkflowEditorStore, id: string) => store.getState().definition.nodes.find((n) => n.id === id)!;

afterEach(cleanup);

describe('condition builder', () => {
  it('writes the rules a user picks as CEL, one undo step per change', () => {
    const store = mount(workflow([{ id: 'c', kind: 'condition', expression: "record.region == 'east'" }]), 'c');
    const rule = screen.getByTestId('wf-condition-rule-0');
    fireEvent.change(within(rule).getByTestId('wf-condition-rule-0-field'), { target: { value: 'record.arr' } });
    expect(nodeOf(store, 'c')).toMatchObject({ expression: 'record.arr == 0' });
    fireEvent.change(within(rule).getByTestId('wf-condition-rule-0-op'), { target: { value: '>' } });
    fireEvent.change(within(rule).getByTestId('wf-condition-rule-0-value'), { target: { value: '500000' } });
    fireEvent.click(screen.getByTestId('wf-condition-add-rule-root'));
    const second = screen.getByTestId('wf-condition-rule-1');
    fireEvent.change(within(second).getByTestId('wf-condition-rule-1-field'), { target: { value: 'record.usage_rate' } });
    fireEvent.change(within(second).getByTestId('wf-condition-rule-1-op'), { target: { value: '>' } });
    fireEvent.change(within(second).getByTestId('wf-condition-rule-1-value'), { target: { value: '80' } });
    expect(nodeOf(store, 'c')).toMatchObject({ expression: 'record.arr > 500000 && record.usage_rate > 80' });
    fireEvent.change(screen.getByTestId('wf-condition-join'), { target: { value: 'or' } });
    expect(screen.getByTestId('wf-condition-preview').textContent).toBe('record.arr > 500000 || record.usage_rate > 80');
    act(() => void store.getState().undo());
    expect(nodeOf(store, 'c')).toMatchObject({ expression: 'record.arr > 500000 && record.usage_rate > 80' });
  });

  it('keeps text beyond the builder in raw mode, reports compile problems inline and completes names', () => {
    const store = mount(workflow([{ id: 'c', kind: 'condition', expression: 'record.arr / 1000.0 > 3' }]), 'c');
    expect(screen.getByTestId('wf-condition-mode-builder')).toHaveProperty('disabled', true);
    const raw = screen.getByTestId('wf-condition-raw') as HTMLTextAreaElement;
    fireEvent.change(raw, { target: { value: 'record.usage_rat > 80', selectionStart: 21 } });
    expect(screen.getByTestId('wf-condition-raw-problems').textContent).toMatch(/usage_rat/);
    fireEvent.change(raw, { target: { value: 'record.us', selectionStart: 9 } });
    fireEvent.keyDown(raw, { key: 'Enter' });
    expect(nodeOf(store, 'c')).toMatchObject({ expression: 'record.usage_rate' });
    fireEvent.change(raw, { target: { value: 'record.usage_rate > 80', selectionStart: 22 } });
    expect(screen.queryByTestId('wf-condition-raw-problems')).toBeNull();
  });
});

describe('kind panels', () => {
  it('says when split shares do not add up, and balances them', () => {
    const store = mount(workflow([{ id: 's', kind: 'split', arms: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50, control: true }] }]), 's');
    fireEvent.change(screen.getByTestId('wf-split-percent-0'), { target: { value: '70' } });
    expect(screen.getByTestId('wf-split-total').textContent).toMatch(/120 %.*100 %/);
    fireEvent.click(screen.getByRole('button', { name: 'Even shares' }));
    expect(nodeOf(store, 's')).toMatchObject({ arms: [{ percent: 50 }, { percent: 50, control: true }] });
    expect(screen.getByTestId('wf-split-total').textContent).toBe('Total 100 %');
  });

  it('writes SLA presets and the assignment strategy of a task', () => {
    const store = mount(workflow([{ id: 't', kind: 'task', name: { en: 'Call' }, assignee: { strategy: 'owner' } }]), 't');
    fireEvent.change(screen.getByTestId('wf-sla-mode'), { target: { value: 'fixed' } });
    fireEvent.click(screen.getByTestId('wf-sla-24h'));
    expect(nodeOf(store, 't')).toMatchObject({ sla: { within: 'PT24H' } });
    fireEvent.change(screen.getByTestId('wf-assignee-strategy'), { target: { value: 'best_match' } });
    expect(nodeOf(store, 't')).toMatchObject({ assignee: { strategy: 'best_match', role: 'sales_rep' } });
    expect(screen.queryByTestId('wf-assignee-score-problems')).toBeNull(); // the default score compiles against rep and record
  });

  it("lists an approval's outcomes, adds the timeout outcome with a deadline, and writes the approver", () => {
    const store = mount(workflow([{ id: 'ok', kind: 'approval', name: { en: 'Approve the discount' }, approver: { strategy: 'role', role: 'branch_admin' } }]), 'ok');
    const outcomes = () => [...document.querySelectorAll('.wf-outcomes li')].map((li) => li.textContent);
    expect(outcomes()).toEqual(['approved', 'rejected']);
    const deadline = screen.getByTestId('wf-approval-timeout');
    fireEvent.change(within(deadline).getByLabelText('Unit'), { target: { value: 'd' } });
    fireEvent.change(within(deadline).getByLabelText('Amount'), { target: { value: '2' } });
    expect(nodeOf(store, 'ok')).toMatchObject({ timeout: 'P2D' });
    expect(outcomes()).toEqual(['approved', 'rejected', 'timeout']);
    fireEvent.change(screen.getByTestId('wf-approver-strategy'), { target: { value: 'least_loaded' } });
    expect(nodeOf(store, 'ok')).toMatchObject({ approver: { strategy: 'least_loaded', role: 'branch_admin' } });
    act(() => void store.getState().undo());
    expect(nodeOf(store, 'ok')).toMatchObject({ approver: { strategy: 'role', role: 'branch_admin' }, timeout: 'P2D' });
    fireEvent.click(within(deadline).getByRole('button', { name: 'none' }));
    expect(nodeOf(store, 'ok')).not.toHaveProperty('timeout');
    expect(outcomes()).toEqual(['approved', 'rejected']);
  });

  it('shows a locked node read-only with HQ policy, and refuses its deletion', async () => {
    const { CUSTOMER_GRADING } = await import('@branchline/templates');
    const def = CUSTOMER_GRADING.definition as WorkflowDefinition;
    const store = mount(def, 'follow_s', CUSTOMER_GRADING);
    expect(screen.getByTestId('wf-lock-banner').textContent).toMatch(/HQ made this workflow mandatory/);
    expect(screen.getByTestId('wf-node-delete')).toHaveProperty('disabled', true);
    expect((screen.getByTestId('wf-node-title-en') as HTMLInputElement).matches(':disabled')).toBe(true);
    act(() => void store.getState().apply({ type: 'elements.remove', nodeIds: ['follow_s'], edgeIds: [] }));
    expect(store.getState().definition).toBe(def);
  });
});
