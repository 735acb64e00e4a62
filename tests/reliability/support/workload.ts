/**
 * The workload the crash and soak proofs drive: a branch's own lead form and two
 * workflows on it, with durations short enough to fire inside a test.
 *
 * `lead-follow-up` (record.created): notify the owner's inbox → wait PT1S → a follow-up
 * task for the owner with an SLA of `slaSeconds` → done: an HTTP call to the receiver
 * (outcome `done`); overdue: another HTTP call (outcome `escalated`). So every run makes
 * exactly one task, one notification and one HTTP call, whichever way it goes.
 *
 * `lead-touched` (event `lead.touched`, record from `event.data.recordId`): notify, end.
 */
import type { Client } from './client';

const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });

export const leadForm = {
  schemaVersion: 1,
  kind: 'form',
  key: 'lead-intake',
  title: t('Lead intake', '线索登记'),
  fields: [
    { key: 'company', type: 'text', label: t('Company', '公司'), required: true },
    { key: 'marker', type: 'text', label: t('Marker', '标记') },
    { key: 'amount', type: 'number', label: t('Amount', '金额'), validation: { min: 0 } },
    { key: 'note', type: 'textarea', label: t('Note', '备注') },
  ],
};

export function leadFlow(receiverUrl: string, slaSeconds = 2): Record<string, unknown> {
  const hook = (id: string, outcome: string) => ({
    id, kind: 'http', method: 'POST', url: receiverUrl,
    body: `{'company': record.company, 'outcome': '${outcome}'}`,
    retry: { maxAttempts: 20, backoff: 'PT1S' },
  });
  return {
    schemaVersion: 1, kind: 'workflow', key: 'lead-follow-up', title: t('Lead follow-up', '线索跟进'),
    trigger: { type: 'record.created', form: 'lead-intake' },
    start: 'hello',
    nodes: [
      { id: 'hello', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: t('A lead came in.', '新线索。') },
      { id: 'pause', kind: 'wait', mode: 'duration', duration: 'PT1S' },
      { id: 'follow', kind: 'task', name: t('Call the lead', '联系线索'), assignee: { strategy: 'owner' }, sla: { within: `PT${slaSeconds}S` }, facts: ['company'] },
      hook('hook_done', 'done'),
      hook('hook_late', 'escalated'),
      { id: 'done', kind: 'end', outcome: 'done' },
      { id: 'late', kind: 'end', outcome: 'escalated' },
    ],
    edges: [
      { id: 'e1', from: 'hello', to: 'pause' },
      { id: 'e2', from: 'pause', to: 'follow' },
      { id: 'e3', from: 'follow', to: 'hook_done', port: 'done' },
      { id: 'e4', from: 'follow', to: 'hook_late', port: 'overdue' },
      { id: 'e5', from: 'hook_done', to: 'done' },
      { id: 'e6', from: 'hook_late', to: 'late' },
    ],
  };
}

export const touchedFlow = {
  schemaVersion: 1, kind: 'workflow', key: 'lead-touched', title: t('Lead touched', '线索触达'),
  trigger: { type: 'event', event: 'lead.touched', form: 'lead-intake', recordId: 'event.data.recordId' },
  start: 'tell',
  nodes: [
    { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: t('The lead was touched.', '线索已触达。') },
    { id: 'end', kind: 'end', outcome: 'touched' },
  ],
  edges: [{ id: 'e1', from: 'tell', to: 'end' }],
};

/** Create and publish a definition as `admin`; returns its id. */
export async function publish(client: Client, admin: string, definition: unknown): Promise<string> {
  const { id } = await client.must<{ id: string }>(201, 'POST', '/definitions', admin, { definition });
  await client.must(200, 'POST', `/definitions/${id}/publish`, admin);
  return id;
}

/** Publish the lead form and both workflows in the admin's branch; returns the form's id. */
export async function installWorkload(client: Client, admin: string, receiverUrl: string, slaSeconds = 2): Promise<string> {
  const form = await publish(client, admin, leadForm);
  await publish(client, admin, leadFlow(receiverUrl, slaSeconds));
  await publish(client, admin, touchedFlow);
  return form;
}
