/**
 * POST /definitions/:id/runs starts a run of a published, active manual-trigger
 * workflow by hand — on a record of its trigger form when it names one — for the roles
 * that submit records, in their branch; each refusal has its status and code, and each
 * start is audited as run.start_manual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { must, publishOwn, runsKit, type Kit } from '../runs/test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const t = (en: string) => ({ 'zh-CN': en, en });
/** A manual workflow; with `form`, it copies the record's company name into a variable. */
const manual = (key: string, form?: string, when?: string) => ({
  schemaVersion: 1, kind: 'workflow', key, title: t(`Manual ${key}`),
  trigger: { type: 'manual', ...(form ? { form } : {}), ...(when ? { when } : {}) },
  start: 'note',
  nodes: [
    { id: 'note', kind: 'set', assignments: [{ target: 'vars', key: 'started_by', expression: form ? 'record.company_name' : 'event.by' }] },
    { id: 'done', kind: 'end', outcome: 'started' },
  ],
  edges: [{ id: 'e1', from: 'note', to: 'done' }],
});

type Detail = { id: string; status: string; outcome?: string; recordId: string | null; workflowKey: string; definitionId: string; event: Record<string, unknown>; vars: Record<string, unknown> };
type Entry = { actorId: string; action: string; entity: string; entityId: string; orgId: string; diff: { after: Record<string, unknown> } };

describe('starting a manual workflow by hand', () => {
  it('without a form: 201 with the run, audited as run.start_manual by the caller', async () => {
    kit = await runsKit();
    const id = await publishOwn(kit, manual('call-list'));
    const run = must(await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', {}), 201) as unknown as Detail;
    expect(run).toMatchObject({ status: 'completed', outcome: 'started', recordId: null, workflowKey: 'call-list', definitionId: id, event: { type: 'manual' } });
    const me = (must(await kit.call('GET', '/me', 'eastRep'), 200) as { user: { id: string } }).user;
    expect(run.vars.started_by).toBe(me.id);
    expect((await kit.call('POST', `/definitions/${id}/runs`, 'eastAdmin', {})).statusCode).toBe(201);
    // No body at all is the same as {}: nothing to say when the trigger names no form.
    expect((await kit.call('POST', `/definitions/${id}/runs`, 'eastAdmin')).statusCode).toBe(201);
    const audit = must(await kit.call('GET', '/audit?action=run.start_manual', 'auditor'), 200).items as Entry[];
    expect(audit.map((a) => [a.action, a.entity, a.entityId, a.actorId, a.orgId, a.diff.after.definitionId])).toContainEqual(['run.start_manual', 'run', run.id, me.id, 'east', id]);
    expect(audit).toHaveLength(3);
  });

  it('with a form: runs on a record of it in the branch; 422 at /recordId without one, 404 for a record it cannot work on', async () => {
    kit = await runsKit();
    const id = await publishOwn(kit, manual('revisit', 'customer-registration'));
    const rec = await kit.submit({ company_name: '杭州云帆科技有限公司' });
    const run = must(await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', { recordId: rec }), 201) as unknown as Detail;
    expect(run).toMatchObject({ status: 'completed', recordId: rec, vars: { started_by: '杭州云帆科技有限公司' } });
    expect((must(await kit.call('GET', `/runs?recordId=${rec}&workflowKey=revisit`, 'eastAdmin'), 200).items as unknown[]).length).toBe(1);

    const missing = await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', {});
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([['/recordId', 'required']]);
    const south = await kit.submit({}, 'southRep', 'south');
    for (const recordId of [south, 'rec_zzzzzzzzzzzzzzzzzzz']) {
      expect((await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', { recordId })).json()).toMatchObject({ status: 404, code: 'record_not_found' });
    }
    // HQ sees south's record, but it is not in the workflow's branch.
    expect((await kit.call('POST', `/definitions/${id}/runs`, 'hqAdmin', { recordId: south })).json()).toMatchObject({ status: 404, code: 'record_not_found' });
    // A record of another form.
    const other = await publishOwn(kit, { schemaVersion: 1, kind: 'form', key: 'visit-note', title: t('Visit note'), fields: [{ key: 'note', type: 'text', label: t('Note') }] });
    const note = must(await kit.call('POST', `/definitions/${other}/records`, 'eastRep', { data: { note: 'hi' } }), 201).id as string;
    expect((await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', { recordId: note })).json()).toMatchObject({ status: 404, code: 'record_not_found' });
    const bad = await kit.call('POST', `/definitions/${id}/runs`, 'eastRep', { recordId: rec, extra: 1 });
    expect(bad.statusCode).toBe(422);
    // Only the one successful start is audited.
    expect((must(await kit.call('GET', '/audit?action=run.start_manual', 'auditor'), 200).items as unknown[]).length).toBe(1);
  });

  it('refuses what is not a published, active manual workflow, and a false when guard, with 409 codes', async () => {
    kit = await runsKit();
    const code = async (id: string) => {
      const r = await kit.call('POST', `/definitions/${id}/runs`, 'eastAdmin', {});
      return `${r.statusCode} ${r.json().code}`;
    };
    const recordTriggered = await publishOwn(kit, { ...manual('not-manual'), trigger: { type: 'record.created', form: 'customer-registration' } });
    expect(await code(recordTriggered)).toBe('409 not_manual_workflow');
    expect(await code(kit.forms.east)).toBe('409 not_manual_workflow');
    const draft = must(await kit.call('POST', '/definitions', 'eastAdmin', { definition: manual('drafted') }), 201).id as string;
    expect(await code(draft)).toBe('409 not_published');
    const off = await publishOwn(kit, manual('switched-off'));
    must(await kit.call('POST', `/definitions/${off}/deactivate`, 'eastAdmin'), 200);
    expect(await code(off)).toBe('409 workflow_inactive');
    const guarded = await publishOwn(kit, manual('south-only', undefined, "org.id == 'south'"));
    expect(await code(guarded)).toBe('409 trigger_not_matched');
    expect((must(await kit.call('GET', '/runs?limit=100', 'hqAdmin'), 200).items as { workflowKey: string }[]).filter((r) => r.workflowKey !== 'customer-grading')).toEqual([]);
  });

  it('roles: HQ admin, branch admin and sales rep may; designer and auditor 403; another branch 404', async () => {
    kit = await runsKit();
    const id = await publishOwn(kit, manual('call-list'));
    for (const who of ['hqAdmin', 'eastAdmin', 'eastRep'] as const) expect((await kit.call('POST', `/definitions/${id}/runs`, who, {})).statusCode).toBe(201);
    for (const who of ['eastDesigner', 'auditor'] as const) expect((await kit.call('POST', `/definitions/${id}/runs`, who, {})).json()).toMatchObject({ status: 403, code: 'forbidden' });
    for (const who of ['southAdmin', 'southRep'] as const) expect((await kit.call('POST', `/definitions/${id}/runs`, who, {})).json()).toMatchObject({ status: 404, code: 'definition_not_found' });
    expect((await kit.call('POST', `/definitions/${id}/runs`, null, {})).statusCode).toBe(401);
  });
});
