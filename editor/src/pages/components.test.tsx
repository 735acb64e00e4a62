// @vitest-environment jsdom
/**
 * The inbox's task card and the upgrade's conflict card, rendered in both languages:
 * overdue tasks are marked, approvals offer approve / reject, a conflict whose branch
 * part HQ's new version refuses cannot be kept.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskItem } from '@branchline/schemas';
import { createI18n } from '../i18n';
import { TaskCard } from './inbox/TaskCard';
import { ConflictCard } from './gallery/ConflictCard';
import type { UpgradeConflict } from './shared/api';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const task = (over: Partial<TaskItem> = {}): TaskItem => ({
  id: 'task_1',
  orgId: 'east',
  runId: 'run_1',
  nodeId: 'follow_s',
  recordId: null,
  kind: 'task',
  title: { en: 'Follow up a new tier S customer', 'zh-CN': '跟进 S 级新客户' },
  facts: { company_name: 'ACME' },
  assigneeId: 'usr_1',
  assigneeRole: null,
  status: 'open',
  dueAt: '2026-03-02T11:30:00Z',
  overdue: true,
  createdAt: '2026-03-02T10:30:00Z',
  completedAt: null,
  completedBy: null,
  outcome: null,
  data: null,
  ...over,
});

function inLang(lang: 'en' | 'zh-CN', ui: ReactNode) {
  return render(<I18nextProvider i18n={createI18n(lang)}>{ui}</I18nextProvider>);
}

describe('TaskCard', () => {
  afterEach(cleanup);

  it('marks an overdue task and says by how much, and completes it as done with the note', () => {
    const done: [string, string][] = [];
    inLang('en', <TaskCard task={task()} now={NOW} source={undefined} busy={false} onComplete={(o, n) => done.push([o, n])} />);
    expect(screen.getByText('Overdue')).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toBe('Overdue by 30 min 0 s');
    expect(screen.getByTestId('task').getAttribute('data-level')).toBe('overdue');
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'called' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(done).toEqual([['done', 'called']]);
  });

  it('offers approve and reject for an approval, in Chinese too', () => {
    const done: string[] = [];
    inLang('zh-CN', <TaskCard task={task({ kind: 'approval', dueAt: '2026-03-02T14:00:00Z', overdue: false })} now={NOW} source={undefined} busy={false} onComplete={(o) => done.push(o)} />);
    expect(screen.getByRole('timer').textContent).toBe('剩余 2 小时 0 分');
    expect(screen.queryByText('已逾期')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '拒绝' }));
    fireEvent.click(screen.getByRole('button', { name: '批准' }));
    expect(done).toEqual(['rejected', 'approved']);
  });
});

describe('ConflictCard', () => {
  afterEach(cleanup);
  const conflict = (keepable: boolean): UpgradeConflict => ({
    pointer: '/overlay/changes/0',
    code: keepable ? 'tightened_rule_changed_by_hq' : 'key_taken_by_hq',
    message: 'm',
    messages: { en: 'HQ raised the cap.', 'zh-CN': '总部提高了上限。' },
    params: { element: 'field', key: 'lines', at: 'columns.discount_pct.validation.max', base: 30, ours: 20, theirs: 40, setAside: [0] },
    keepable,
  });

  it('shows both sides and lets the admin keep the branch value when HQ allows it', () => {
    const chosen: string[] = [];
    inLang('en', <ConflictCard index={0} conflict={conflict(true)} choice={undefined} onChoose={(c) => chosen.push(c)} problems={[]} />);
    expect(screen.getByText('HQ raised the cap.')).toBeTruthy();
    expect(screen.getByTestId('ours').textContent).toBe('20');
    expect(screen.getByTestId('theirs').textContent).toBe('40');
    fireEvent.click(screen.getByRole('radio', { name: /Keep mine/ }));
    fireEvent.click(screen.getByRole('radio', { name: /Set mine aside/ }));
    expect(chosen).toEqual(['mine', 'aside']);
  });

  it('does not offer keeping what HQ refuses, and shows the refusal at the conflict', () => {
    inLang('en', <ConflictCard index={1} conflict={conflict(false)} choice="mine" onChoose={() => undefined} problems={[{ text: 'Refused by HQ.' }]} />);
    expect((screen.getByRole('radio', { name: /Keep mine/ }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Not possible: HQ\'s new version does not allow it.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Refused by HQ.');
  });
});
