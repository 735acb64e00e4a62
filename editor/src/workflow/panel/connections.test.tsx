// @vitest-environment jsdom
/**
 * The keyboard way to connect steps, as a user drives it, against the real store,
 * the real edit functions and HQ's real lock guard (the runtime's `checkLocks`):
 * a choice in a node's "Connections" section writes the same edge a drag between
 * handles writes (the canvas's `onConnect` sends `connectEdit`), is one undo step,
 * "not connected" cuts the edge, and an edge HQ fixed is shown with its policy and
 * cannot be rewired — a locked step's new exit is refused and the reason shown.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Template, WorkflowDefinition } from '@branchline/schemas';
import { createI18n } from '../../i18n';
import { EditorStoreProvider } from '../../store/editor-context';
import { lockGuard } from '../../designer/lock-guard';
import { WorkflowDesignerContext, type WorkflowDesignerContextValue } from '../designer-context';
import { createWorkflowStore, type WorkflowEditorStore } from '../workflow-store';
import { NO_LOCKS, workflowLocks } from '../model/locks';
import { indexProblems } from '../model/problems';
import { connectEdit } from '../model/connections';
import { TRIGGER_HANDLE, TRIGGER_ID } from '../model/flow-mapping';
import { NodePanel } from './NodePanel';
import { TriggerPanel } from './OtherPanels';

const base = (edges: WorkflowDefinition['edges'] = []): WorkflowDefinition => ({
  schemaVersion: 1,
  kind: 'workflow',
  key: 'wf',
  title: { en: 'WF' },
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'c',
  nodes: [
    { id: 'c', kind: 'condition', expression: 'record.arr > 500000' },
    { id: 't', kind: 'task', name: { en: 'Call the customer', 'zh-CN': '致电客户' }, assignee: { strategy: 'owner' } },
    { id: 'n', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: { en: 'Hello', 'zh-CN': '你好' } },
    { id: 'e', kind: 'end', title: { en: 'Done', 'zh-CN': '完成' } },
  ],
  edges,
});

function mount(def: WorkflowDefinition, what: { node: string } | 'trigger', template?: Template, lang: 'en' | 'zh-CN' = 'en'): WorkflowEditorStore {
  const guard = lockGuard<WorkflowDefinition>(template);
  const store = createWorkflowStore(def, { ...(template ? { locks: template } : {}), ...(guard ? { guard } : {}) });
  const ctx: WorkflowDesignerContextValue = {
    locks: template ? workflowLocks(template) : NO_LOCKS,
    form: undefined,
    problems: indexProblems(def, []),
    overlay: undefined,
    setOverlay: () => undefined,
    focusNode: () => undefined,
    readOnly: false,
  };
  render(
    <I18nextProvider i18n={createI18n(lang)}>
      <EditorStoreProvider store={store}>
        <WorkflowDesignerContext.Provider value={ctx}>{what === 'trigger' ? <TriggerPanel /> : <NodePanel nodeId={what.node} />}</WorkflowDesignerContext.Provider>
      </EditorStoreProvider>
    </I18nextProvider>,
  );
  return store;
}

/** What a drag between two handles does to the same definition: the canvas's `onConnect` applies `connectEdit`. */
function dragged(def: WorkflowDefinition, source: string, handle: string, target: string): WorkflowDefinition {
  const canvas = createWorkflowStore(def);
  expect(canvas.getState().apply(connectEdit(source, handle, target)!)).toBe(true);
  return canvas.getState().definition;
}

const pick = (select: HTMLElement, value: string) => act(() => void fireEvent.change(select, { target: { value } }));
const past = (store: WorkflowEditorStore) => store.getState().history.past.length;

afterEach(cleanup);

describe('connections in the node panel', () => {
  it('lists every exit with a labelled select of the steps, not the trigger', () => {
    mount(base(), { node: 'c' });
    const section = screen.getByTestId('wf-connections');
    expect(within(section).getAllByRole('combobox').map((s) => s.getAttribute('data-testid'))).toEqual(['wf-connection-true-select', 'wf-connection-false-select']);
    const yes = screen.getByLabelText('Exit “yes” leads to') as HTMLSelectElement;
    expect(yes).toBe(screen.getByTestId('wf-connection-true-select'));
    expect([...yes.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', '— not connected —'],
      ['c', 'Condition (c) — this step again'],
      ['t', 'Call the customer (t)'],
      ['n', 'Notify (n)'],
      ['e', 'Done (e)'],
    ]);
    expect(yes.value).toBe('');
  });

  it('writes the same edge as a drag between handles, as one undo step', () => {
    const store = mount(base(), { node: 'c' });
    pick(screen.getByTestId('wf-connection-true-select'), 't');
    expect(store.getState().definition).toEqual(dragged(base(), 'c', 'true', 't'));
    expect(store.getState().definition.edges).toEqual([{ id: 'e_c_true', from: 'c', to: 't', port: 'true' }]);
    expect((screen.getByTestId('wf-connection-true-select') as HTMLSelectElement).value).toBe('t');
    expect(past(store)).toBe(1);
    act(() => void store.getState().undo());
    expect(store.getState().definition.edges).toEqual([]);
    expect((screen.getByTestId('wf-connection-true-select') as HTMLSelectElement).value).toBe('');
    act(() => void store.getState().redo());
    expect(store.getState().definition.edges).toEqual([{ id: 'e_c_true', from: 'c', to: 't', port: 'true' }]);
  });

  it('writes a `next` exit without a port, like the canvas', () => {
    const store = mount(base(), { node: 'n' });
    pick(screen.getByTestId('wf-connection-next-select'), 'e');
    expect(store.getState().definition).toEqual(dragged(base(), 'n', 'next', 'e'));
    expect(store.getState().definition.edges).toEqual([{ id: 'e_n_next', from: 'n', to: 'e' }]);
  });

  it('folds arrowing through the choices into one undo step until the select loses focus', () => {
    const store = mount(base(), { node: 'c' });
    const no = screen.getByTestId('wf-connection-false-select');
    pick(no, 't');
    pick(no, 'n');
    pick(no, 'e');
    expect(store.getState().definition.edges).toEqual([{ id: 'e_c_false', from: 'c', to: 'e', port: 'false' }]);
    expect(past(store)).toBe(1);
    fireEvent.blur(no);
    pick(screen.getByTestId('wf-connection-true-select'), 't');
    expect(past(store)).toBe(2);
    act(() => void store.getState().undo());
    expect(store.getState().definition.edges).toEqual([{ id: 'e_c_false', from: 'c', to: 'e', port: 'false' }]);
    act(() => void store.getState().undo());
    expect(store.getState().definition.edges).toEqual([]);
  });

  it('moves an edge rather than adding a second, and cuts it with "not connected", each one undo step', () => {
    const start = base([{ id: 'e1', from: 'c', to: 't', port: 'true' }]);
    const store = mount(start, { node: 'c' });
    const yes = screen.getByTestId('wf-connection-true-select');
    expect((yes as HTMLSelectElement).value).toBe('t');
    pick(yes, 'e');
    expect(store.getState().definition).toEqual(dragged(start, 'c', 'true', 'e'));
    expect(store.getState().definition.edges).toEqual([{ id: 'e1', from: 'c', to: 'e', port: 'true' }]);
    fireEvent.blur(yes);
    pick(yes, '');
    expect(store.getState().definition.edges).toEqual([]);
    expect(past(store)).toBe(2);
    act(() => void store.getState().undo());
    expect(store.getState().definition.edges).toEqual([{ id: 'e1', from: 'c', to: 'e', port: 'true' }]);
  });

  it('says so when a step has no exits', () => {
    mount(base(), { node: 'e' });
    expect(screen.queryAllByRole('combobox', { name: /leads to/ })).toEqual([]);
    expect(screen.getByTestId('wf-connections').textContent).toContain('This step ends the run: it has no exits.');
  });

  it('speaks zh-CN', () => {
    mount(base(), { node: 'c' });
    cleanup();
    mount(base(), { node: 'c' }, undefined, 'zh-CN');
    const select = screen.getByTestId('wf-connection-true-select') as HTMLSelectElement;
    expect(select.labels?.[0]?.textContent).toMatch(/^出口“.+”通向$/);
    expect(select.options[0]!.textContent).toBe('— 未连接 —');
    expect(select.options[2]!.textContent).toBe('致电客户（t）');
  });
});

describe('connections HQ locked', () => {
  const policy = { en: 'HQ routes big customers to a call.', 'zh-CN': '总部规定大客户必须致电。' };
  const template = (): Template => ({
    schemaVersion: 1,
    kind: 'template',
    key: 'wf',
    version: 1,
    title: { en: 'WF' },
    definition: base([{ id: 'e1', from: 'c', to: 't', port: 'true' }]),
    locks: [
      { element: 'node', id: 'c', policy },
      { element: 'edge', id: 'e1', policy },
    ],
  });

  it('shows a fixed edge with its policy and no control; the canvas edit cannot rewire it either', () => {
    const tpl = template();
    const def = structuredClone(tpl.definition) as WorkflowDefinition;
    const store = mount(def, { node: 'c' }, tpl);
    const row = screen.getByTestId('wf-connection-true');
    expect(within(row).queryByRole('combobox')).toBeNull();
    expect(row.getAttribute('data-target')).toBe('t');
    expect(within(row).getByRole('group').textContent).toBe('Call the customer (t)');
    expect(within(row).getByTestId('wf-connection-lock').textContent).toContain('Fixed by HQ: HQ routes big customers to a call.');
    expect(within(row).getByRole('group').getAttribute('aria-describedby')).toBe(within(row).getByTestId('wf-connection-lock').id);
    act(() => void store.getState().apply(connectEdit('c', 'true', 'e')!));
    act(() => void store.getState().apply({ type: 'elements.remove', nodeIds: [], edgeIds: ['e1'] }));
    expect(store.getState().definition).toBe(def);
  });

  it("refuses a new exit of HQ's locked step through the lock guard, and says why next to the select", () => {
    const tpl = template();
    const def = structuredClone(tpl.definition) as WorkflowDefinition;
    const store = mount(def, { node: 'c' }, tpl);
    const no = screen.getByTestId('wf-connection-false-select') as HTMLSelectElement;
    pick(no, 'e');
    expect(store.getState().definition).toBe(def);
    expect(past(store)).toBe(0);
    expect(no.value).toBe('');
    const alert = screen.getByTestId('wf-connection-refused');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain("HQ's locks do not allow this change:");
    expect(alert.textContent).toContain('HQ routes big customers to a call.');
    expect(no.getAttribute('aria-describedby')).toContain(alert.id);
    expect(store.getState().refusal?.editType).toBe('edge.connect');
  });

  it('lets the edge on an extension point lead through a step of the branch, not to another HQ step', () => {
    const tpl: Template = { ...template(), extensions: { points: [{ id: 'big', node: 'c', port: 'true', label: { en: 'Big customers', 'zh-CN': '大客户' } }] } };
    const def = structuredClone(tpl.definition) as WorkflowDefinition;
    // The branch's own step, leading back to HQ's next step.
    def.nodes.push({ id: 'mine', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: { en: 'Heads up' } });
    def.edges.push({ id: 'e_mine', from: 'mine', to: 't' });
    const store = mount(def, { node: 'c' }, tpl);
    const yes = screen.getByTestId('wf-connection-true-select') as HTMLSelectElement;
    expect(screen.getByTestId('wf-connection-true').textContent).toContain('HQ extension point “Big customers”');
    pick(yes, 'n');
    expect(store.getState().definition).toBe(def);
    expect(screen.getByTestId('wf-connection-refused')).toBeTruthy();
    pick(yes, 'mine');
    expect(store.getState().definition.edges).toEqual([{ id: 'e1', from: 'c', to: 'mine', port: 'true' }, { id: 'e_mine', from: 'mine', to: 't' }]);
    expect(screen.queryByTestId('wf-connection-refused')).toBeNull();
  });
});

describe('the first step, in the trigger panel', () => {
  it('sets the start as a drag from the trigger does, in one undo step', () => {
    const store = mount(base(), 'trigger');
    const select = screen.getByLabelText('First step') as HTMLSelectElement;
    expect(select.value).toBe('c');
    expect([...select.options].map((o) => o.value)).toEqual(['c', 't', 'n', 'e']);
    pick(select, 't');
    expect(store.getState().definition).toEqual(dragged(base(), TRIGGER_ID, TRIGGER_HANDLE, 't'));
    expect(store.getState().definition.start).toBe('t');
    act(() => void store.getState().undo());
    expect(store.getState().definition.start).toBe('c');
  });

  it("shows a start HQ locked as fixed, with HQ's policy", async () => {
    const { CUSTOMER_GRADING } = await import('@branchline/templates');
    const def = CUSTOMER_GRADING.definition as WorkflowDefinition;
    mount(def, 'trigger', CUSTOMER_GRADING);
    const row = screen.getByTestId('wf-connection-start');
    expect(within(row).queryByRole('combobox')).toBeNull();
    expect(row.getAttribute('data-target')).toBe(def.start);
    expect(within(row).getByTestId('wf-connection-lock').textContent).toMatch(/HQ made this workflow mandatory/);
  });
});
