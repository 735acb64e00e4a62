/**
 * The SQL directory behind assignment, through HQ's lead-routing workflow: best match
 * by region, industry and open tasks, then round robin by last assignment on timeout;
 * and the update triggers (record.updated, field.changed) of a branch's own workflow.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, LEAD_ROUTING } from '@branchline/templates';
import { MINUTE, TIER, must, publishOwn, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

type Task = { id: string; nodeId: string; assigneeId: string | null; assigneeRole: string | null; status: string; runId: string };
const routingTasks = async (recordId: string) =>
  ((must(await kit.call('GET', `/tasks?recordId=${recordId}&limit=100`, 'hqAdmin'), 200).items) as Task[]).filter((t) => t.nodeId === 'assign' || t.nodeId === 'reassign' || t.nodeId === 'escalate');

describe('assignment reads the directory from SQL', () => {
  it('best match by region and industry, fewer open tasks breaking ties; round robin by last assignment after the timeout', async () => {
    kit = await runsKit({ templates: [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, LEAD_ROUTING] });
    must(await kit.call('POST', '/templates/lead-routing/instances', 'eastAdmin', { publish: true }), 201);
    const user = async (email: string, attributes: Record<string, unknown>) =>
      must(await kit.call('POST', '/users', 'eastAdmin', { email, name: email, password: 'long-enough-pw', role: 'sales_rep', attributes }), 201).id as string;
    const southish = await user('li@east.demo', { region: 'south', industries: ['finance'] });
    const twin = await user('zhao@east.demo', { region: 'south', industries: ['finance'] });
    const eastRep = kit.app.svc.users.byEmailAny('rep@east.demo')!.id;

    // A south finance lead: the two south reps tie on score and load; the lower id wins.
    const first = await kit.submit({ ...TIER.B, region: 'south', industry: 'finance' });
    const [a] = await routingTasks(first);
    expect(a).toMatchObject({ nodeId: 'assign', assigneeId: [southish, twin].sort()[0], status: 'open' });
    // The next one goes to the other twin: one open task fewer.
    const second = await kit.submit({ ...TIER.B, region: 'south', industry: 'finance' });
    expect((await routingTasks(second))[0]!.assigneeId).toBe([southish, twin].sort()[1]);
    // An east manufacturing lead goes to the east rep (region and industry match).
    const third = await kit.submit({ ...TIER.B, region: 'east', industry: 'manufacturing' });
    expect((await routingTasks(third))[0]!.assigneeId).toBe(eastRep);
    const trace = must(await kit.call('GET', `/runs/${(await routingTasks(third))[0]!.runId}`, 'hqAdmin'), 200) as { trace: { nodeId: string; values?: { strategy?: string; ranking?: { id: string; score: number }[] } }[] };
    // 100 (region) + 40 (industry) − 2 open tasks: the grading follow-ups of the first two records are the east rep's (the owner).
    const ranking = trace.trace.find((t) => t.nodeId === 'assign')!.values!.ranking!;
    expect(ranking[0]).toEqual({ id: eastRep, score: 138 });
    expect(ranking.slice(1).map((r) => r.score)).toEqual([-1, -1]); // the south reps: no match, one open lead each

    // 8 minutes without a response: reassigned round robin — to a rep never assigned before, then the longest ago.
    kit.clock.advance(8 * MINUTE);
    expect(await kit.app.runs.tick()).toBe(3);
    const reassigned = await Promise.all([first, second, third].map(async (r) => (await routingTasks(r)).find((t) => t.nodeId === 'reassign')!));
    expect(reassigned.every((t) => t.status === 'open')).toBe(true);
    const seen = kit.app.svc.store.sqlite.prepare(`SELECT assignee_id AS id, max(created_at) AS last FROM tasks WHERE node_id IN ('assign', 'reassign') GROUP BY assignee_id`).all() as { id: string; last: number }[];
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set([southish, twin, eastRep]));
    // Every rep was last assigned at T0; each reassignment (in one transaction) sees the one before it and moves on to the next longest-idle rep.
    expect(new Set(reassigned.map((t) => t.assigneeId))).toEqual(new Set([southish, twin, eastRep]));
  });
});

describe('update triggers', () => {
  const onUpdate = (trigger: Record<string, unknown>) => ({
    schemaVersion: 1, kind: 'workflow', key: 'on-update', title: { 'zh-CN': '更新时', en: 'On update' },
    trigger: { form: 'customer-registration', ...trigger },
    start: 'note',
    nodes: [
      { id: 'note', kind: 'task', name: { 'zh-CN': '核对变更', en: 'Check the change' }, assignee: { strategy: 'owner' }, wait: false },
      { id: 'end', kind: 'end' },
    ],
    edges: [{ id: 'e1', from: 'note', to: 'end', port: 'done' }],
  });
  const runsOf = async (recordId: string) => ((must(await kit.call('GET', `/runs?recordId=${recordId}&workflowKey=on-update`, 'hqAdmin'), 200).items) as { status: string }[]);

  it('field.changed starts a run only when a watched field changes; record.updated on every change', async () => {
    kit = await runsKit();
    await publishOwn(kit, onUpdate({ type: 'field.changed', fields: ['arr'] }));
    const id = await kit.submit(TIER.B);
    expect(await runsOf(id)).toEqual([]);
    must(await kit.call('PATCH', `/records/${id}`, 'eastRep', { data: { contact_name: '李雷' } }), 200);
    expect(await runsOf(id)).toEqual([]);
    must(await kit.call('PATCH', `/records/${id}`, 'eastRep', { data: { arr: 120000 } }), 200);
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['completed']);
  });

  it('record.updated starts a run per change; a change that changes nothing starts none', async () => {
    kit = await runsKit();
    await publishOwn(kit, onUpdate({ type: 'record.updated' }));
    const id = await kit.submit(TIER.B);
    must(await kit.call('PATCH', `/records/${id}`, 'eastRep', { data: { contact_name: '李雷' } }), 200);
    must(await kit.call('PATCH', `/records/${id}`, 'eastRep', { data: { contact_name: '李雷' } }), 200);
    must(await kit.call('PATCH', `/records/${id}`, 'eastRep', { data: { arr_growth: 30 } }), 200);
    expect(await runsOf(id)).toHaveLength(2);
  });
});
