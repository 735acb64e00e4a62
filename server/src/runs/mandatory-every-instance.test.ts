/**
 * HQ's mandatory customer-grading workflow runs on records of EVERY instance of its form
 * template in a branch — a second customer-registration instance east creates and
 * publishes gets the grading run and its follow-up task like the first — and a branch
 * cannot switch it off: every API that could rewire, replace or drop it refuses, and
 * records keep starting it afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition, FormField, WorkflowDefinition } from '@branchline/schemas';
import { HOUR, T0, TIER, customer, must, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const t = (en: string, zh: string) => ({ 'zh-CN': zh, en });
type Run = { id: string; status: string; workflowKey: string; definitionId: string | null; templateKey: string | null; templateVersion: number | null; recordId: string; outcome?: string; trace: { nodeId: string }[] };
type Task = { id: string; runId: string; recordId: string; assigneeId: string | null; dueAt: string; status: string; facts: Record<string, unknown> };

const gradingRuns = async (recordId: string) => must(await kit.call('GET', `/runs?recordId=${recordId}&workflowKey=customer-grading`, 'eastAdmin'), 200).items as Run[];
const tasksOf = async (recordId: string) => must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'eastRep'), 200).items as Task[];
const submitTo = async (definitionId: string, over: Record<string, unknown> = {}) =>
  must(await kit.call('POST', `/definitions/${definitionId}/records`, 'eastRep', { data: customer(over) }), 201).id as string;

/** East's second customer-registration instance (another product line, with its own field), published. */
async function secondInstance(): Promise<string> {
  const created = must(await kit.call('POST', '/templates/customer-registration/instances', 'eastAdmin', {}), 201);
  const def = structuredClone(created.definition) as FormDefinition;
  def.title = t('Customer registration — IoT line', '客户登记（物联网产品线）');
  def.fields.push({ key: 'device_count', type: 'number', label: t('Devices', '设备数'), validation: { min: 0, integer: true } } as FormField);
  must(await kit.call('PUT', `/definitions/${created.id}`, 'eastAdmin', { definition: def }), 200);
  must(await kit.call('POST', `/definitions/${created.id}/publish`, 'eastAdmin'), 200);
  return created.id as string;
}

describe('a mandatory workflow runs on every instance of its form template', () => {
  it("a record of east's second customer-registration instance starts the grading run and the owner's follow-up task", async () => {
    kit = await runsKit();
    const second = await secondInstance();
    expect(second).not.toBe(kit.forms.east);
    const instances = must(await kit.call('GET', '/templates/customer-registration/usage', 'hqAdmin'), 200).items as { definitionId: string; orgId: string }[];
    expect(instances.filter((i) => i.orgId === 'east').map((i) => i.definitionId).sort()).toEqual([kit.forms.east, second].sort());

    const rec = await submitTo(second, { ...TIER.S, device_count: 40 });
    expect(must(await kit.call('GET', `/records/${rec}`, 'eastRep'), 200)).toMatchObject({ definitionId: second, data: { tier: 'S', device_count: 40 } });
    const runs = await gradingRuns(rec);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'waiting', templateKey: 'customer-grading', templateVersion: 1, definitionId: null, recordId: rec });
    const tasks = await tasksOf(rec);
    expect(tasks).toHaveLength(1);
    const me = must(await kit.call('GET', '/me', 'eastRep'), 200) as { user: { id: string } };
    expect(tasks[0]).toMatchObject({ runId: runs[0]!.id, status: 'open', assigneeId: me.user.id, dueAt: new Date(T0 + HOUR).toISOString(), facts: { tier: 'S' } });

    // The first instance still starts it too, each record its own run.
    const first = await kit.submit(TIER.B);
    expect((await gradingRuns(first)).map((r) => r.templateKey)).toEqual(['customer-grading']);
    expect((await tasksOf(first))[0]!.dueAt).toBe(new Date(T0 + 24 * HOUR).toISOString());

    // The follow-up on the second instance's record resumes its run to the end.
    must(await kit.call('POST', `/tasks/${tasks[0]!.id}/complete`, 'eastRep', { outcome: 'done' }), 200);
    expect(must(await kit.call('GET', `/runs/${runs[0]!.id}`, 'eastRep'), 200)).toMatchObject({ status: 'completed', outcome: 'followed_up' });
  });

  it("where east published its own instance of the workflow, records of both form instances run that instance — never both, never neither", async () => {
    kit = await runsKit();
    const second = await secondInstance();
    const grading = must(await kit.call('POST', '/templates/customer-grading/instances', 'eastAdmin', { publish: true }), 201).id as string;
    for (const rec of [await kit.submit(TIER.A), await submitTo(second, TIER.A)]) {
      const runs = await gradingRuns(rec);
      expect(runs.map((r) => [r.definitionId, r.templateKey])).toEqual([[grading, 'customer-grading']]);
      expect(await tasksOf(rec)).toHaveLength(1);
    }
  });
});

describe('a branch cannot disable the mandatory workflow', () => {
  /** East's own instance of customer-grading (published) and its definition. */
  async function gradingInstance(): Promise<{ id: string; def: WorkflowDefinition }> {
    const created = must(await kit.call('POST', '/templates/customer-grading/instances', 'eastAdmin', { publish: true }), 201);
    return { id: created.id as string, def: created.definition as WorkflowDefinition };
  }

  it('edits that would switch it off are refused as locked, naming the element, and the published version keeps running', async () => {
    kit = await runsKit();
    const { id, def } = await gradingInstance();
    const attempts: Record<string, WorkflowDefinition> = {
      'trigger on another form': { ...def, trigger: { type: 'record.created', form: 'quote' } } as WorkflowDefinition,
      'trigger on an event nobody sends': { ...def, trigger: { type: 'event', event: 'never.sent' } } as WorkflowDefinition,
      'start straight at the end': { ...def, start: 'done' },
      'every task removed': { ...def, nodes: def.nodes.filter((n) => n.kind !== 'task'), edges: def.edges.filter((e) => !/^e_(s|a|b)/.test(e.id) && e.id !== 'e_escalation_done') },
      'the switch rewired to the end': { ...def, edges: def.edges.map((e) => (e.from === 'by_tier' ? { ...e, to: 'done' } : e)) },
    };
    for (const [what, edited] of Object.entries(attempts)) {
      for (const who of ['eastAdmin', 'eastDesigner'] as const) {
        const res = await kit.call('PUT', `/definitions/${id}`, who, { definition: edited });
        expect([what, who, res.statusCode, res.json().code]).toEqual([what, who, 422, 'locked_element']);
        const errors = res.json().errors as { params?: { policy?: { en: string } } }[];
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((e) => /mandatory/i.test(e.params?.policy?.en ?? '')), what).toBe(true);
      }
    }
    const stored = must(await kit.call('GET', `/definitions/${id}`, 'eastAdmin'), 200) as { version: number; status: string; definition: WorkflowDefinition };
    expect(stored).toMatchObject({ version: 1, status: 'published' });
    expect(stored.definition).toEqual(def);
    const rec = await kit.submit(TIER.S);
    expect((await gradingRuns(rec)).map((r) => r.definitionId)).toEqual([id]);
    expect(await tasksOf(rec)).toHaveLength(1);
  });

  it('importing a gutted copy, republishing the template or adding a look-alike own workflow does not switch it off', async () => {
    kit = await runsKit();
    const { id, def } = await gradingInstance();
    const gutted = { ...def, start: 'done', nodes: def.nodes.filter((n) => n.id === 'done'), edges: [] };

    // Import: a file claiming to be an instance of customer-grading is checked against the locks.
    const exported = must(await kit.call('GET', `/definitions/${id}/export`, 'eastAdmin'), 200);
    const imported = await kit.call('POST', '/definitions/import', 'eastAdmin', { file: { ...exported, definition: gutted, overlay: undefined } });
    expect(imported.statusCode).toBe(422);
    expect(imported.json().code).toBe('locked_element');

    // Only HQ publishes templates: a branch cannot publish a non-mandatory version of it.
    const template = must(await kit.call('GET', '/templates/customer-grading', 'eastAdmin'), 200).template as Record<string, unknown>;
    const unmandated = await kit.call('POST', '/templates', 'eastAdmin', { template: { ...template, version: 2, mandatory: false } });
    expect(unmandated.statusCode).toBe(403);
    expect(must(await kit.call('GET', '/templates/customer-grading', 'eastAdmin'), 200)).toMatchObject({ version: 1, mandatory: true });

    // A branch's own workflow under the same key does not stand in for HQ's: both run.
    const lookalike = must(await kit.call('POST', '/definitions', 'eastAdmin', { definition: { ...gutted, title: t('Grading (local)', '分级（本地）') } }), 201);
    must(await kit.call('POST', `/definitions/${lookalike.id}/publish`, 'eastAdmin'), 200);
    const rec = await kit.submit(TIER.A);
    const runs = await gradingRuns(rec);
    expect(runs.map((r) => r.definitionId).sort()).toEqual([id, lookalike.id].sort());
    expect(runs.find((r) => r.definitionId === id)).toMatchObject({ status: 'waiting', templateKey: 'customer-grading' });
    expect(await tasksOf(rec)).toHaveLength(1);
  });

  it('no route unpublishes, pauses or deletes a definition, and deactivate refuses it, so the published instance cannot be taken away', async () => {
    kit = await runsKit();
    const { id } = await gradingInstance();
    const definitionRoutes = kit.app.routeTable.filter((r) => r.url.startsWith('/api/v1/definitions/:id')).map((r) => `${r.method} ${r.url}`);
    expect(definitionRoutes.filter((r) => r.startsWith('DELETE ') && !r.includes('/set-aside/'))).toEqual([]);
    expect(definitionRoutes.filter((r) => /unpublish|disable|pause|archive/.test(r))).toEqual([]);
    // The one switch there is (for opt-in workflows) refuses a mandatory one, for the branch and for HQ.
    for (const who of ['eastAdmin', 'hqAdmin'] as const) {
      const res = await kit.call('POST', `/definitions/${id}/deactivate`, who);
      expect([who, res.statusCode, res.json().code]).toEqual([who, 409, 'mandatory_workflow']);
    }
    for (const [method, url] of [['DELETE', `/definitions/${id}`], ['POST', `/definitions/${id}/unpublish`], ['POST', `/definitions/${id}/disable`]] as const) {
      expect((await kit.call(method, url, 'eastAdmin', method === 'POST' ? {} : undefined)).statusCode).toBe(404);
    }
    expect((await gradingRuns(await kit.submit(TIER.B))).map((r) => r.definitionId)).toEqual([id]);
  });
});
