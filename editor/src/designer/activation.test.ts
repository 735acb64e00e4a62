import { describe, expect, it } from 'vitest';
import { MANDATORY_POLICY } from '@branchline/runtime';
import type { Template, Trigger } from '@branchline/schemas';
import { CUSTOMER_GRADING, LEAD_ROUTING } from '@branchline/templates';
import { ROLES, type DefinitionDetail } from '../api/types';
import { canStartRuns, canSwitchActive, mandatoryLock, manualTrigger, startableOn, type PublishedWorkflow } from './activation';

/** A branch's instance of `template` as GET /definitions/:id describes it (mandatory as the server stores it). */
function instanceOf(template: Template, mandatory: boolean): Pick<DefinitionDetail, 'kind' | 'mandatory' | 'template'> {
  return {
    kind: template.definition.kind,
    mandatory,
    template: { key: template.key, version: template.version, title: template.title, locks: template.locks, latestVersion: template.version, definition: template.definition },
  };
}

describe('who may switch and start', () => {
  it('follows the server policy: admins switch; admins and sales reps start; designers and auditors neither', () => {
    expect(ROLES.filter(canSwitchActive)).toEqual(['hq_admin', 'branch_admin']);
    expect(ROLES.filter(canStartRuns).sort()).toEqual(['branch_admin', 'hq_admin', 'sales_rep']);
  });
});

describe('mandatoryLock', () => {
  it("gives HQ's refusal for an instance of the mandatory customer-grading workflow, in both languages", () => {
    const lock = mandatoryLock(instanceOf(CUSTOMER_GRADING, true));
    expect(lock?.code).toBe('mandatory_workflow');
    expect(lock?.policy).toEqual(MANDATORY_POLICY);
    expect(lock?.message.en).toContain(MANDATORY_POLICY.en);
    expect(lock?.message['zh-CN']).toContain(MANDATORY_POLICY['zh-CN']);
    expect(lock?.message.en).toContain(CUSTOMER_GRADING.title.en);
  });

  it('is null for an opt-in template instance, a branch-own workflow, and a form', () => {
    expect(mandatoryLock(instanceOf(LEAD_ROUTING, false))).toBeNull();
    expect(mandatoryLock({ kind: 'workflow', mandatory: false })).toBeNull();
    expect(mandatoryLock({ kind: 'form', mandatory: true })).toBeNull();
  });
});

describe('startableOn', () => {
  const wf = (id: string, trigger: Trigger | null, active = true): PublishedWorkflow => ({ id, key: id, title: { en: id }, active, trigger });
  const workflows = [
    wf('on-quote', { type: 'manual', form: 'quote' }),
    wf('on-template', { type: 'manual', form: 'customer-registration' }),
    wf('no-form', { type: 'manual' }),
    wf('switched-off', { type: 'manual', form: 'quote' }, false),
    wf('automatic', { type: 'record.created', form: 'quote' }),
    wf('unread', null),
  ];

  it("offers the switched-on manual workflows naming the record's form or its template", () => {
    expect(startableOn({ definitionKey: 'quote', templateKey: null }, workflows).map((w) => w.id)).toEqual(['on-quote']);
    expect(startableOn({ definitionKey: 'east-customers', templateKey: 'customer-registration' }, workflows).map((w) => w.id)).toEqual(['on-template']);
    expect(startableOn({ definitionKey: 'other', templateKey: null }, workflows)).toEqual([]);
  });

  it('reads a manual trigger and its form', () => {
    expect(manualTrigger({ type: 'manual' })).toEqual({ form: null });
    expect(manualTrigger({ type: 'manual', form: 'quote' })).toEqual({ form: 'quote' });
    expect(manualTrigger({ type: 'schedule', cron: '0 9 * * 1' })).toBeNull();
  });
});
