/**
 * Switching a published workflow off and on (POST /definitions/:id/deactivate | activate):
 * east opts in to lead-routing and out again — new leads start no run while it is off, the
 * run in flight still goes to its end (its timer fires, its task completes), and leads start
 * runs again once it is back on. Mandatory workflows, forms and drafts are refused; roles
 * and branches as the policy says; the state survives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANDATORY_POLICY } from '@branchline/runtime';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, LEAD_ROUTING } from '@branchline/templates';
import type { Template } from '@branchline/schemas';
import { FakeClock, MINUTE, TIER, must, publishOwn, runsKit, type Kit } from '../runs/test-kit';

const kits: Kit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });
type Run = { id: string; status: string; workflowKey: string; definitionId: string | null; templateKey: string | null; definitionVersion: number | null; outcome?: string };
type Task = { id: string; nodeId: string; runId: string; status: string; assigneeId: string | null };

async function leadKit(opts: { db?: string; fakeClock?: FakeClock; setup?: boolean } = {}): Promise<Kit> {
  const kit = await runsKit({ templates: [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, LEAD_ROUTING], ...opts });
  kits.push(kit);
  return kit;
}
const runsOf = async (kit: Kit, recordId: string, workflowKey: string) => must(await kit.call('GET', `/runs?recordId=${recordId}&workflowKey=${workflowKey}`, 'hqAdmin'), 200).items as Run[];
const auditOf = async (kit: Kit, id: string) =>
  (must(await kit.call('GET', `/audit?entity=${encodeURIComponent(`definition:${id}`)}&limit=200`, 'hqAdmin'), 200).items as { action: string; diff: unknown }[]).filter((e) => /activate/.test(e.action));
const optIn = async (kit: Kit) => must(await kit.call('POST', '/templates/lead-routing/instances', 'eastAdmin', { publish: true }), 201).id as string;

/** A branch's own workflow: a record of customer registration gets a non-blocking note task. */
const noteFlow = (title: string) => ({
  schemaVersion: 1, kind: 'workflow', key: 'east-note', title: t(title),
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'note',
  nodes: [
    { id: 'note', kind: 'task', name: t('Look at the new customer'), assignee: { strategy: 'owner' }, wait: false },
    { id: 'end', kind: 'end', outcome: 'noted' },
  ],
  edges: [{ id: 'e1', from: 'note', to: 'end', port: 'done' }],
});
/** A branch's own workflow started by the external event `ping.sent`. */
const pingFlow = {
  schemaVersion: 1, kind: 'workflow', key: 'east-ping', title: t('On ping'),
  trigger: { type: 'event', event: 'ping.sent' },
  start: 'end',
  nodes: [{ id: 'end', kind: 'end', outcome: 'pinged' }],
  edges: [],
};

describe('a branch switches an opt-in workflow off and on', () => {
  it('deactivated, a new lead starts no lead-routing run while the one in flight goes to its end; activated, leads start runs again', async () => {
    const kit = await leadKit();
    const id = await optIn(kit);
    expect(must(await kit.call('GET', `/definitions/${id}`, 'eastRep'), 200)).toMatchObject({ active: true, version: 1 });

    const inFlight = await kit.submit(TIER.B);
    const [run] = await runsOf(kit, inFlight, 'lead-routing');
    expect(run).toMatchObject({ status: 'waiting', definitionId: id, definitionVersion: 1 });

    const off = must(await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    expect(off).toMatchObject({ id, active: false, version: 1, status: 'published' });
    expect(must(await kit.call('GET', `/definitions/${id}`, 'eastDesigner'), 200).active).toBe(false);
    const listed = must(await kit.call('GET', '/definitions?kind=workflow', 'eastRep'), 200).items as { id: string; active: boolean }[];
    expect(listed.find((d) => d.id === id)?.active).toBe(false);
    // HQ sees in the template's usage that east's instance is switched off.
    const usage = must(await kit.call('GET', '/templates/lead-routing/usage', 'hqAdmin'), 200).items as { definitionId: string; active: boolean }[];
    expect(usage.find((i) => i.definitionId === id)?.active).toBe(false);

    // A new lead: no lead-routing run, while HQ's mandatory grading still starts.
    const whileOff = await kit.submit(TIER.A);
    expect(await runsOf(kit, whileOff, 'lead-routing')).toEqual([]);
    expect((await runsOf(kit, whileOff, 'customer-grading')).length).toBe(1);

    // The run in flight: its 8-minute timer still fires (reassigned), and completing the task ends it.
    kit.clock.advance(8 * MINUTE);
    await kit.app.runs.tick();
    const tasks = must(await kit.call('GET', `/tasks?runId=${run!.id}&limit=50`, 'hqAdmin'), 200).items as Task[];
    const reassign = tasks.find((x) => x.nodeId === 'reassign' && x.status === 'open');
    expect(reassign).toBeDefined();
    must(await kit.call('POST', `/tasks/${reassign!.id}/complete`, 'hqAdmin', { outcome: 'done' }), 200);
    expect(must(await kit.call('GET', `/runs/${run!.id}`, 'hqAdmin'), 200)).toMatchObject({ status: 'completed', outcome: 'responded_after_reassignment', definitionVersion: 1 });

    const on = must(await kit.call('POST', `/definitions/${id}/activate`, 'hqAdmin'), 200);
    expect(on).toMatchObject({ id, active: true });
    const afterOn = await kit.submit(TIER.S);
    expect((await runsOf(kit, afterOn, 'lead-routing')).map((r) => [r.definitionId, r.status])).toEqual([[id, 'waiting']]);

    const entries = await auditOf(kit, id);
    expect(entries.map((e) => e.action).sort()).toEqual(['definition.activate', 'definition.deactivate']);
    expect(entries.find((e) => e.action === 'definition.deactivate')!.diff).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(entries.find((e) => e.action === 'definition.activate')!.diff).toMatchObject({ before: { active: false }, after: { active: true } });
  });

  it('setting the state it is already in answers 200 unchanged and audits nothing', async () => {
    const kit = await leadKit();
    const id = await optIn(kit);
    const before = must(await kit.call('POST', `/definitions/${id}/activate`, 'eastAdmin'), 200);
    expect(before.active).toBe(true);
    must(await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    const again = must(await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    expect(again.active).toBe(false);
    expect((await auditOf(kit, id)).map((e) => e.action)).toEqual(['definition.deactivate']);
  });

  it('an event-triggered workflow starts no run while off, and publishing a new version while off keeps it off', async () => {
    const kit = await leadKit();
    const ping = await publishOwn(kit, pingFlow);
    const note = await publishOwn(kit, noteFlow('Note v1'));
    const post = async () => (must(await kit.call('POST', '/events', 'eastAdmin', { type: 'ping.sent', key: 'k1' }), 202).started as string[]).length;
    expect(await post()).toBe(1);
    for (const d of [ping, note]) must(await kit.call('POST', `/definitions/${d}/deactivate`, 'eastAdmin'), 200);
    expect(await post()).toBe(0);

    // v2 of the note workflow, published while it is off: still off, no run.
    const draft = noteFlow('Note v2');
    must(await kit.call('PUT', `/definitions/${note}`, 'eastAdmin', { definition: draft }), 200);
    expect(must(await kit.call('POST', `/definitions/${note}/publish`, 'eastAdmin'), 200).definition).toMatchObject({ version: 2, active: false });
    expect(await runsOf(kit, await kit.submit(), 'east-note')).toEqual([]);

    for (const d of [ping, note]) must(await kit.call('POST', `/definitions/${d}/activate`, 'eastAdmin'), 200);
    expect(await post()).toBe(1);
    expect((await runsOf(kit, await kit.submit(), 'east-note')).map((r) => [r.definitionVersion, r.outcome])).toEqual([[2, 'noted']]);
  });
});

describe('refusals', () => {
  it("an instance of HQ's mandatory customer-grading is refused with HQ's policy, in both languages, for branch and HQ admins; it keeps running", async () => {
    const kit = await leadKit();
    const grading = must(await kit.call('POST', '/templates/customer-grading/instances', 'eastAdmin', { publish: true }), 201).id as string;
    for (const who of ['eastAdmin', 'hqAdmin'] as const) {
      const res = await kit.call('POST', `/definitions/${grading}/deactivate`, who);
      expect([who, res.statusCode, res.json().code]).toEqual([who, 409, 'mandatory_workflow']);
      const [p] = res.json().errors as { code: string; message: string; messages: { en: string; 'zh-CN': string }; params: { template: string; policy: unknown } }[];
      expect(p).toMatchObject({ code: 'mandatory_workflow', params: { template: 'customer-grading', policy: MANDATORY_POLICY } });
      expect(p!.messages.en).toContain(MANDATORY_POLICY.en);
      expect(p!.messages['zh-CN']).toContain(MANDATORY_POLICY['zh-CN']);
    }
    const zh = await kit.call('POST', `/definitions/${grading}/deactivate`, 'eastAdmin', undefined, { 'accept-language': 'zh-CN' });
    expect(zh.json().errors[0].message).toContain(MANDATORY_POLICY['zh-CN']);
    expect(must(await kit.call('GET', `/definitions/${grading}`, 'eastAdmin'), 200).active).toBe(true);
    expect(await auditOf(kit, grading)).toEqual([]);
    expect((await runsOf(kit, await kit.submit(TIER.B), 'customer-grading')).map((r) => r.definitionId)).toEqual([grading]);
  });

  it('a form is refused with 409 not_a_workflow, a never-published workflow with 409 not_published', async () => {
    const kit = await leadKit();
    const form = await kit.call('POST', `/definitions/${kit.forms.east}/deactivate`, 'eastAdmin');
    expect([form.statusCode, form.json().code]).toEqual([409, 'not_a_workflow']);
    const draft = must(await kit.call('POST', '/definitions', 'eastAdmin', { definition: noteFlow('Draft') }), 201).id as string;
    for (const verb of ['deactivate', 'activate']) {
      const res = await kit.call('POST', `/definitions/${draft}/${verb}`, 'eastAdmin');
      expect([verb, res.statusCode, res.json().code]).toEqual([verb, 409, 'not_published']);
    }
  });

  it('designer, sales rep and auditor get 403; another branch gets 404; nothing changes', async () => {
    const kit = await leadKit();
    const id = await optIn(kit);
    for (const who of ['eastDesigner', 'eastRep', 'auditor'] as const) {
      for (const verb of ['deactivate', 'activate']) {
        const res = await kit.call('POST', `/definitions/${id}/${verb}`, who);
        expect([who, verb, res.statusCode, res.json().code]).toEqual([who, verb, 403, 'forbidden']);
      }
    }
    const missing = await kit.call('POST', '/definitions/def_zzzzzzzzzzzzzzzzzzz/deactivate', 'southAdmin');
    const foreign = await kit.call('POST', `/definitions/${id}/deactivate`, 'southAdmin');
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'definition_not_found']);
    expect(foreign.json().code).toBe(missing.json().code);
    expect(must(await kit.call('GET', `/definitions/${id}`, 'eastAdmin'), 200).active).toBe(true);
    expect(await auditOf(kit, id)).toEqual([]);
    expect((await runsOf(kit, await kit.submit(), 'lead-routing')).length).toBe(1);
  });
});

describe('mandate and restart', () => {
  it("when HQ later mandates a workflow a branch switched off, HQ's template runs there (never neither) and it cannot be switched off", async () => {
    const kit = await leadKit();
    const optional = { ...(structuredClone(LEAD_ROUTING) as Template), key: 'lead-desk', title: t('Lead desk') } as Template;
    optional.definition = { ...optional.definition, key: 'lead-desk' } as Template['definition'];
    must(await kit.call('POST', '/templates', 'hqAdmin', { template: optional }), 201);
    const id = must(await kit.call('POST', '/templates/lead-desk/instances', 'eastAdmin', { publish: true }), 201).id as string;
    must(await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    expect(await runsOf(kit, await kit.submit(), 'lead-desk')).toEqual([]);

    must(await kit.call('POST', '/templates', 'hqAdmin', { template: { ...optional, version: 2, mandatory: true } }), 201);
    expect((await runsOf(kit, await kit.submit(), 'lead-desk')).map((r) => [r.definitionId, r.templateKey])).toEqual([[null, 'lead-desk']]);
    // Now mandatory: switching it off is refused even though it is off already; switching it on is allowed.
    const refused = await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin');
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'mandatory_workflow']);
    must(await kit.call('POST', `/definitions/${id}/activate`, 'eastAdmin'), 200);
    expect((await runsOf(kit, await kit.submit(), 'lead-desk')).map((r) => r.definitionId)).toEqual([id]);
    const now = await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin');
    expect([now.statusCode, now.json().code]).toEqual([409, 'mandatory_workflow']);
  });

  it('the state survives a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'branchline-activation-'));
    dirs.push(dir);
    const db = join(dir, 'branchline.db');
    const clock = new FakeClock();
    const a = await leadKit({ db, fakeClock: clock });
    const id = await optIn(a);
    must(await a.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    await a.app.close();
    kits.splice(kits.indexOf(a), 1);

    const b = await leadKit({ db, fakeClock: clock, setup: false });
    b.forms.east = a.forms.east;
    expect(must(await b.call('GET', `/definitions/${id}`, 'eastAdmin'), 200).active).toBe(false);
    expect(await runsOf(b, await b.submit(), 'lead-routing')).toEqual([]);
    must(await b.call('POST', `/definitions/${id}/activate`, 'eastAdmin'), 200);
    expect((await runsOf(b, await b.submit(), 'lead-routing')).length).toBe(1);
  });
});
