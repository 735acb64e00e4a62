// @vitest-environment jsdom
/**
 * The trigger panel offers a schedule (cron and time zone, read back in words) and a
 * manual start, against the real workflow store: each choice is a store edit that
 * writes the trigger the server runs.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@branchline/schemas';
import { createI18n } from '../../i18n';
import { EditorStoreProvider } from '../../store/editor-context';
import { WorkflowDesignerContext, type WorkflowDesignerContextValue } from '../designer-context';
import { createWorkflowStore, type WorkflowEditorStore } from '../workflow-store';
import { NO_LOCKS } from '../model/locks';
import { indexProblems } from '../model/problems';
import { TriggerPanel } from './OtherPanels';

const def: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  key: 'wf',
  title: { en: 'WF' },
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'done',
  nodes: [{ id: 'done', kind: 'end' }],
  edges: [],
};

function mount(lang: 'en' | 'zh-CN'): WorkflowEditorStore {
  const store = createWorkflowStore(def, {});
  const ctx: WorkflowDesignerContextValue = { locks: NO_LOCKS, form: undefined, problems: indexProblems(def, []), overlay: undefined, setOverlay: () => undefined, focusNode: () => undefined, readOnly: false };
  render(
    <I18nextProvider i18n={createI18n(lang)}>
      <EditorStoreProvider store={store}>
        <WorkflowDesignerContext.Provider value={ctx}>
          <TriggerPanel />
        </WorkflowDesignerContext.Provider>
      </EditorStoreProvider>
    </I18nextProvider>,
  );
  return store;
}

afterEach(cleanup);

describe('trigger panel', () => {
  it('picks a schedule, reads the cron back in words with its time zone, and writes both', () => {
    const store = mount('en');
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: 'schedule' } });
    expect(store.getState().definition.trigger).toEqual({ type: 'schedule', cron: '0 9 * * 1' });
    expect(screen.getByTestId('cron-hint').textContent).toBe('Every Monday at 09:00 (Asia/Shanghai time)');

    fireEvent.change(screen.getByLabelText('Schedule (cron: minute hour day month weekday)'), { target: { value: '30 8 * * 1-5' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Berlin' } });
    expect(store.getState().definition.trigger).toEqual({ type: 'schedule', cron: '30 8 * * 1-5', timezone: 'Europe/Berlin' });
    expect(screen.getByTestId('cron-hint').textContent).toBe('Monday to Friday at 08:30 (Europe/Berlin time)');

    fireEvent.change(screen.getByLabelText('Schedule (cron: minute hour day month weekday)'), { target: { value: '0 9 *' } });
    expect(screen.getByTestId('cron-hint').getAttribute('data-kind')).toBe('invalid');
  });

  it('lists the next three fire times in the trigger\'s time zone, as the server will fire them', () => {
    mount('en');
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: 'schedule' } });
    fireEvent.change(screen.getByLabelText('Schedule (cron: minute hour day month weekday)'), { target: { value: '0 9 * * 1-5' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Asia/Shanghai' } });
    const text = screen.getByTestId('cron-next').textContent!;
    const times = text.replace(/^Next: /, '').split(/, (?=[A-Z][a-z]{2}, )/);
    expect(times).toHaveLength(3);
    // Each one a weekday at 09:00, in order.
    for (const time of times) expect(time).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 09:00$/);

    fireEvent.change(screen.getByLabelText('Schedule (cron: minute hour day month weekday)'), { target: { value: '0 9 31 2 *' } });
    expect(screen.getByTestId('cron-next').textContent).toMatch(/never fires/);
    fireEvent.change(screen.getByLabelText('Schedule (cron: minute hour day month weekday)'), { target: { value: '0 9 * * 1' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Mars/Olympus' } });
    expect(screen.getByTestId('cron-next').textContent).toMatch(/"Mars\/Olympus" is not a time zone/);
  });

  it('reads a schedule in Chinese', () => {
    mount('zh-CN');
    fireEvent.change(screen.getByLabelText('启动方式'), { target: { value: 'schedule' } });
    expect(screen.getByTestId('cron-hint').textContent).toBe('每周一 09:00（Asia/Shanghai 时间）');
  });

  it('picks a manual start, with or without a form, and says where it is started', () => {
    const store = mount('en');
    fireEvent.change(screen.getByLabelText('Starts'), { target: { value: 'manual' } });
    expect(store.getState().definition.trigger).toEqual({ type: 'manual', form: 'customer-registration' });
    expect(screen.getByText(/Start workflow on the record's page/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Form (key)'), { target: { value: '' } });
    expect(store.getState().definition.trigger).toEqual({ type: 'manual' });
    expect(screen.getByText(/Run now in the designer/)).toBeTruthy();
  });
});
