// @vitest-environment jsdom
/**
 * The changes an upgrade set aside, as the designer shows them: what each does, the
 * reason in the UI language, and for admins re-apply (a refusal shown under the entry)
 * and discard (only after confirming).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { createI18n } from '../i18n';
import { describeChange, type SetAsideEntry } from './set-aside';
import { SetAsidePanel } from './SetAsidePanel';

describe('describeChange', () => {
  it.each([
    [{ type: 'field.add', field: { key: 'wechat', type: 'text', label: { en: 'WeChat' } } }, { action: 'added', element: 'field', name: 'wechat', properties: [] }],
    [{ type: 'field.update', key: 'lines', set: { columns: [] }, unset: ['help'] }, { action: 'changed', element: 'field', name: 'lines', properties: ['columns', 'help'] }],
    [{ type: 'field.remove', key: 'notes' }, { action: 'removed', element: 'field', name: 'notes', properties: [] }],
    [{ type: 'section.move', id: 'local', after: null }, { action: 'moved', element: 'section', name: 'local', properties: [] }],
    [{ type: 'rule.add', rule: { id: 'visited', assert: 'true', message: { en: 'x' } } }, { action: 'added', element: 'rule', name: 'visited', properties: [] }],
    [{ type: 'node.add', node: { id: 'survey', kind: 'end' } }, { action: 'added', element: 'node', name: 'survey', properties: [] }],
    [{ type: 'edge.update', id: 'e_called', set: { to: 'survey' } }, { action: 'changed', element: 'edge', name: 'e_called', properties: ['to'] }],
    [{ type: 'option.add', field: 'lines', column: 'unit', option: { value: 'box', label: { en: 'Box' } } }, { action: 'changed', element: 'column', name: 'lines.unit', properties: ['options: box'] }],
    [{ type: 'trigger.update', set: { when: 'true' } }, { action: 'changed', element: 'trigger', name: '', properties: ['when'] }],
    [{ type: 'definition.update', set: { title: { en: 'T' } } }, { action: 'changed', element: 'definition', name: '', properties: ['title'] }],
  ])('%j', (change, summary) => {
    expect(describeChange(change)).toEqual(summary);
  });
});

const entries: SetAsideEntry[] = [
  {
    change: { type: 'field.add', field: { key: 'wechat', type: 'text', label: { en: 'WeChat' } } },
    reason: { code: 'key_taken_by_hq', message: { en: "HQ's version 2 adds field \"wechat\" too.", 'zh-CN': '总部第 2 版也新增了字段"wechat"。' }, params: { element: 'field', key: 'wechat' } },
    at: '2026-03-02T10:00:00.000Z',
    templateVersion: 2,
  },
  {
    change: { type: 'field.update', key: 'lines', set: { columns: [] } },
    reason: { code: 'tightened_rule_changed_by_hq', message: { en: 'The branch tightened the cap.', 'zh-CN': '分支曾收紧上限。' } },
    at: '2026-03-02T10:00:00.000Z',
    templateVersion: 2,
  },
];

function renderPanel(lang: 'en' | 'zh-CN', props: Partial<Parameters<typeof SetAsidePanel>[0]> = {}) {
  const calls: string[] = [];
  render(
    <I18nextProvider i18n={createI18n(lang)}>
      <SetAsidePanel
        entries={entries}
        canAct
        onReapply={async (i) => {
          calls.push(`reapply ${i}`);
        }}
        onDiscard={async (i) => {
          calls.push(`discard ${i}`);
        }}
        {...props}
      />
    </I18nextProvider>,
  );
  return calls;
}

describe('SetAsidePanel', () => {
  afterEach(cleanup);

  it('lists each change with the reason in English and re-applies one', async () => {
    const calls = renderPanel('en');
    expect(screen.getByText('Set aside by upgrades (2)')).toBeTruthy();
    const [first, second] = screen.getAllByTestId('set-aside-entry');
    expect(first!.textContent).toContain('HQ now uses the same key');
    expect(first!.textContent).toContain('Field wechat added');
    expect(within(first!).getByTestId('set-aside-reason').textContent).toBe("HQ's version 2 adds field \"wechat\" too.");
    expect(second!.textContent).toContain('(columns)');
    fireEvent.click(within(second!).getByRole('button', { name: 'Re-apply' }));
    await waitFor(() => expect(calls).toEqual(['reapply 1']));
    expect((await screen.findByTestId('set-aside-outcome')).textContent).toBe('Re-applied to the draft. Publish to put it into effect.');
  });

  it('shows the reason and the actions in Chinese', () => {
    renderPanel('zh-CN');
    expect(screen.getByText('升级时暂存的修改（2）')).toBeTruthy();
    expect(screen.getAllByTestId('set-aside-reason')[0]!.textContent).toBe('总部第 2 版也新增了字段"wechat"。');
    expect(screen.getAllByRole('button', { name: '重新应用' })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: '丢弃' })).toHaveLength(2);
  });

  it("shows the server's refusal under the entry it concerns", async () => {
    renderPanel('en', {
      onReapply: async () => {
        throw new ApiError(422, { code: 'set_aside_does_not_fit', errors: [{ pointer: '/setAside/0/change', code: 'duplicate_key', message: 'x', messages: { en: 'The key "wechat" is already used.', 'zh-CN': '键"wechat"已被使用。' } }] });
      },
    });
    fireEvent.click(within(screen.getAllByTestId('set-aside-entry')[0]!).getByRole('button', { name: 'Re-apply' }));
    const error = await screen.findByTestId('set-aside-error');
    expect(error.textContent).toContain('It no longer fits:');
    expect(error.textContent).toContain('The key "wechat" is already used.');
    expect(within(screen.getAllByTestId('set-aside-entry')[0]!).queryByTestId('set-aside-error')).not.toBeNull();
    expect(within(screen.getAllByTestId('set-aside-entry')[1]!).queryByTestId('set-aside-error')).toBeNull();
  });

  it('discards only after confirming', async () => {
    const calls = renderPanel('en');
    const first = screen.getAllByTestId('set-aside-entry')[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Discard' }));
    expect(calls).toEqual([]);
    fireEvent.click(within(first).getByRole('button', { name: 'Cancel' }));
    expect(within(first).queryByRole('button', { name: 'Discard for good' })).toBeNull();
    fireEvent.click(within(first).getByRole('button', { name: 'Discard' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Discard for good' }));
    await waitFor(() => expect(calls).toEqual(['discard 0']));
  });

  it('offers no actions to those who may not act, and renders nothing without entries', () => {
    renderPanel('en', { canAct: false });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText(/A branch admin can re-apply or discard them/)).toBeTruthy();
    cleanup();
    renderPanel('en', { entries: [] });
    expect(screen.queryByTestId('set-aside')).toBeNull();
  });
});
