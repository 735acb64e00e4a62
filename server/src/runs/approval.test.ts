/**
 * An approval step through the HTTP API: a branch workflow asks the branch admins to
 * approve each new customer; the task is completed with `approved` or `rejected` (a plain
 * `done` is refused with its pointer), the run follows the decision to its end, and the
 * decision is audited. Only the branch's admins (and HQ admins) may decide.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { must, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const t = (en: string) => ({ 'zh-CN': en, en });
const approvalFlow = {
  schemaVersion: 1, kind: 'workflow', key: 'customer-approval', title: t('Customer approval'),
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'ok',
  nodes: [
    { id: 'ok', kind: 'approval', name: t('Approve the new customer'), approver: { strategy: 'role', role: 'branch_admin' } },
    { id: 'yes', kind: 'end', outcome: 'accepted' },
    { id: 'no', kind: 'end', outcome: 'declined' },
  ],
  edges: [
    { id: 'e1', from: 'ok', to: 'yes', port: 'approved' },
    { id: 'e2', from: 'ok', to: 'no', port: 'rejected' },
  ],
};

type Task = { id: string; kind: string; status: string; recordId: string; assigneeRole: string | null; runId: string };
type Run = { id: string; status: string; outcome?: string; workflowKey: string; trace: { nodeId: string; event: string; port?: string }[] };

async function setup(): Promise<{ approvalOf: (recordId: string) => Promise<Task> }> {
  kit = await runsKit();
  const def = must(await kit.call('POST', '/definitions', 'eastAdmin', { definition: approvalFlow }), 201).id as string;
  must(await kit.call('POST', `/definitions/${def}/publish`, 'eastAdmin'), 200);
  const approvalOf = async (recordId: string) => {
    const tasks = must(await kit.call('GET', `/tasks?recordId=${recordId}&status=open`, 'eastAdmin'), 200).items as Task[];
    const found = tasks.filter((x) => x.kind === 'approval');
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  return { approvalOf };
}

const runOf = async (task: Task) => must(await kit.call('GET', `/runs/${task.runId}`, 'eastAdmin'), 200) as unknown as Run;

describe('POST /tasks/:id/complete on an approval', () => {
  it('approved and rejected each take the run down their branch to its end; the decision is audited', async () => {
    const { approvalOf } = await setup();
    const a = await approvalOf(await kit.submit());
    const b = await approvalOf(await kit.submit({ company_name: '杭州云杉科技有限公司' }));
    expect(a).toMatchObject({ kind: 'approval', status: 'open', assigneeRole: 'branch_admin' });
    expect((await runOf(a)).status).toBe('waiting');

    expect(must(await kit.call('POST', `/tasks/${a.id}/complete`, 'eastAdmin', { outcome: 'approved', data: { note: 'good fit' } }), 200)).toMatchObject({ status: 'approved' });
    expect(must(await kit.call('POST', `/tasks/${b.id}/complete`, 'eastAdmin', { outcome: 'rejected' }), 200)).toMatchObject({ status: 'rejected' });

    const [ra, rb] = [await runOf(a), await runOf(b)];
    expect(ra).toMatchObject({ status: 'completed', outcome: 'accepted', workflowKey: 'customer-approval' });
    expect(rb).toMatchObject({ status: 'completed', outcome: 'declined' });
    expect(ra.trace.some((x) => x.nodeId === 'ok' && x.port === 'approved')).toBe(true);
    expect(rb.trace.some((x) => x.nodeId === 'ok' && x.port === 'rejected')).toBe(true);

    const audit = must(await kit.call('GET', '/audit?action=task.complete', 'auditor'), 200).items as { entityId: string; diff: { after?: { status?: string; data?: unknown } } }[];
    expect(audit.filter((e) => e.entityId === a.id || e.entityId === b.id).map((e) => [e.entityId, e.diff.after?.status]).sort()).toEqual([[a.id, 'approved'], [b.id, 'rejected']].sort());
    // Decided once: a second decision is refused and changes nothing.
    expect((await kit.call('POST', `/tasks/${a.id}/complete`, 'eastAdmin', { outcome: 'rejected' })).statusCode).toBe(409);
    expect((await runOf(a)).outcome).toBe('accepted');
  });

  it('refuses done (422 at /outcome), an unknown outcome (422), and deciders who may not (403 / 404); the run keeps waiting', async () => {
    const { approvalOf } = await setup();
    const task = await approvalOf(await kit.submit());
    const res = await kit.call('POST', `/tasks/${task.id}/complete`, 'eastAdmin', { outcome: 'done' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/outcome');
    const bad = await kit.call('POST', `/tasks/${task.id}/complete`, 'eastAdmin', { outcome: 'maybe' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/outcome');
    for (const who of ['eastRep', 'eastDesigner'] as const) expect((await kit.call('POST', `/tasks/${task.id}/complete`, who, { outcome: 'approved' })).statusCode, who).toBe(403);
    expect((await kit.call('POST', `/tasks/${task.id}/complete`, 'auditor', { outcome: 'approved' })).statusCode).toBe(403);
    expect((await kit.call('POST', `/tasks/${task.id}/complete`, 'southAdmin', { outcome: 'approved' })).json()).toMatchObject({ status: 404, code: 'task_not_found' });
    expect((await kit.call('POST', `/tasks/${task.id}/complete`, null, { outcome: 'approved' })).statusCode).toBe(401);
    expect(await runOf(task)).toMatchObject({ status: 'waiting' });
    expect((await approvalOf(task.recordId)).status).toBe('open');
    // HQ admins may decide in any branch.
    must(await kit.call('POST', `/tasks/${task.id}/complete`, 'hqAdmin', { outcome: 'approved' }), 200);
    expect((await runOf(task)).outcome).toBe('accepted');
  });
});
