/**
 * External events through `POST /events`: they start event-triggered workflows on the
 * record they name (usage-drop revisit) and resume runs waiting for them by correlation
 * key — only within the orgs the poster may see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, USAGE_DROP_REVISIT } from '@branchline/templates';
import { DAY_MS } from '../reports/params';
import { HOUR, T0, TIER, contractWorkflow, customer, must, publishOwn, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

type Run = { id: string; status: string; outcome?: string; workflowKey: string; waits: { kind: string; eventType?: string; correlationKey?: string }[] };
const runsOf = async (recordId: string, workflowKey: string) =>
  ((must(await kit.call('GET', `/runs?recordId=${recordId}&workflowKey=${workflowKey}`, 'hqAdmin'), 200).items) as Run[]);

describe('events start workflows', () => {
  it('usage.dropped starts the revisit workflow on the record it names; the run writes the drop onto the record', async () => {
    kit = await runsKit({ templates: [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, USAGE_DROP_REVISIT] });
    must(await kit.call('POST', '/templates/usage-drop-revisit/instances', 'eastAdmin', { publish: true }), 201);
    const recordId = await kit.submit(TIER.A);
    const event = { type: 'usage.dropped', key: recordId, data: { recordId, module: 'reports', dropPct: 60 } };

    // South's admin cannot reach an east record: nothing starts.
    expect(must(await kit.call('POST', '/events', 'southAdmin', event), 202)).toEqual({ accepted: true, started: [], resumed: [] });
    const res = must(await kit.call('POST', '/events', 'eastAdmin', event), 202) as { started: string[] };
    expect(res.started).toHaveLength(1);

    const [run] = await runsOf(recordId, 'usage-drop-revisit');
    expect(run).toMatchObject({ id: res.started[0], status: 'waiting' });
    const record = must(await kit.call('GET', `/records/${recordId}`, 'eastRep'), 200) as { rev: number; data: Record<string, unknown> };
    expect(record.rev).toBe(2);
    expect(record.data).toMatchObject({ usage_drop_module: 'reports', usage_drop_pct: 60, tier: 'A' });
    const tasks = must(await kit.call('GET', `/tasks?recordId=${recordId}&status=open`, 'eastRep'), 200).items as { nodeId: string; dueAt: string; facts: Record<string, unknown> }[];
    const revisit = tasks.find((t) => t.nodeId === 'urgent_revisit');
    expect(revisit).toMatchObject({ dueAt: new Date(T0 + 4 * HOUR).toISOString(), facts: { usage_drop_pct: 60, usage_drop_module: 'reports' } });
    const audit = must(await kit.call('GET', `/audit?entity=record:${recordId}&action=record.update`, 'auditor'), 200).items as { actorId: string | null; diff: { by?: { runId: string } } }[];
    expect(audit.map((a) => [a.actorId, a.diff.by?.runId])).toEqual([[null, res.started[0]]]);
  });

  it('an event no workflow listens to is accepted and starts nothing', async () => {
    kit = await runsKit();
    expect(must(await kit.call('POST', '/events', 'hqAdmin', { type: 'nobody.listens', key: 'x' }), 202)).toEqual({ accepted: true, started: [], resumed: [] });
  });
});

describe('events resume waiting runs by correlation key', () => {
  it('resumes exactly the run waiting for that type and key, once, and only for a poster who sees it', async () => {
    kit = await runsKit();
    await publishOwn(kit, contractWorkflow('http://127.0.0.1:9/hook'));
    const mine = await kit.submit({ ...TIER.B, credit_code: '91310000MA1FL8XQ3B' });
    const other = await kit.submit({ ...TIER.B, credit_code: '91440300MA5FQ2XW0J' });
    const [run] = await runsOf(mine, 'await-contract');
    expect(run!.waits).toEqual([expect.objectContaining({ kind: 'event', eventType: 'contract.signed', correlationKey: '91310000MA1FL8XQ3B' })]);

    const signed = (key: string) => ({ type: 'contract.signed', key, data: { amount: 1000 } });
    expect(must(await kit.call('POST', '/events', 'eastAdmin', signed('no-such-key')), 202).resumed).toEqual([]);
    expect(must(await kit.call('POST', '/events', 'southAdmin', signed('91310000MA1FL8XQ3B')), 202).resumed).toEqual([]);
    expect(must(await kit.call('POST', '/events', 'eastAdmin', signed('91310000MA1FL8XQ3B')), 202).resumed).toEqual([run!.id]);
    expect(must(await kit.call('POST', '/events', 'eastAdmin', signed('91310000MA1FL8XQ3B')), 202).resumed).toEqual([]);

    expect((await runsOf(mine, 'await-contract'))[0]).toMatchObject({ status: 'completed', outcome: 'signed' });
    expect((await runsOf(other, 'await-contract'))[0]).toMatchObject({ status: 'waiting' });
    const detail = must(await kit.call('GET', `/runs/${run!.id}`, 'eastRep'), 200) as { event: { type: string; key: string; data: unknown } };
    expect(detail.event).toEqual({ type: 'contract.signed', key: '91310000MA1FL8XQ3B', data: { amount: 1000 } });
  });

  it('a wait for an event times out when the clock passes its timeout', async () => {
    kit = await runsKit();
    await publishOwn(kit, contractWorkflow('http://127.0.0.1:9/hook'));
    const recordId = await kit.submit(TIER.B);
    kit.clock.advance(7 * DAY_MS - 1);
    await kit.relogin();
    await kit.app.runs.tick();
    expect((await runsOf(recordId, 'await-contract'))[0]!.status).toBe('waiting');
    kit.clock.advance(1);
    expect(await kit.app.runs.tick()).toBe(1);
    expect((await runsOf(recordId, 'await-contract'))[0]).toMatchObject({ status: 'completed', outcome: 'timeout' });
    // The timed-out wait no longer listens.
    expect(must(await kit.call('POST', '/events', 'eastAdmin', { type: 'contract.signed', key: customer().credit_code }), 202).resumed).toEqual([]);
  });
});

describe('who may post events', () => {
  it('401 without a token, 403 for roles that may not, 422 for a bad type, 404 for an org not one\'s own', async () => {
    kit = await runsKit({ setup: false });
    const body = { type: 'usage.dropped', key: 'k' };
    expect((await kit.call('POST', '/events', null, body)).statusCode).toBe(401);
    for (const who of ['eastRep', 'eastDesigner', 'auditor'] as const) expect((await kit.call('POST', '/events', who, body)).statusCode).toBe(403);
    const bad = await kit.call('POST', '/events', 'eastAdmin', { type: 'Usage Dropped', key: 'k' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].pointer).toBe('/type');
    expect((await kit.call('POST', '/events', 'eastAdmin', { ...body, extra: 1 })).statusCode).toBe(422);
    expect((await kit.call('POST', '/events', 'eastAdmin', { ...body, orgId: 'south' })).json()).toMatchObject({ status: 404, code: 'org_not_found' });
    expect((await kit.call('POST', '/events', 'hqAdmin', { ...body, orgId: 'south' })).statusCode).toBe(202);
  });
});
