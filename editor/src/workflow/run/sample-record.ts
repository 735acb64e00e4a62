/**
 * A sample record to dry-run a workflow with: one value per field of the trigger's
 * form, of the right type, so a first dry run needs no typing at all.
 *
 * @example
 * sampleRecord(customerForm); // { company_name: '', region: 'east', arr: 0, privacy_consent: false, … }
 */
import type { FormDefinition, FormField } from '@branchline/schemas';
import { compileForm, type CompiledForm } from '@branchline/runtime';

export function sampleValue(field: FormField, today: string): unknown {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return field.default ?? 0;
    case 'checkbox':
      return field.default ?? false;
    case 'consent':
      return true;
    case 'select':
      return field.default ?? field.options[0]?.value ?? '';
    case 'multi-select':
      return field.default ?? [];
    case 'date':
      return field.default ?? today;
    case 'datetime':
      return field.default ?? `${today}T09:00:00.000Z`;
    case 'table':
      return [];
    case 'computed':
      return field.resultType === 'number' ? 0 : field.resultType === 'boolean' ? false : '';
    default:
      return 'default' in field && typeof field.default === 'string' ? field.default : '';
  }
}

export function sampleRecord(form: FormDefinition | undefined, today = '2026-01-05'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form?.fields ?? []) out[f.key] = sampleValue(f, today);
  return out;
}

/** Parse the JSON a user typed for a record or an event: an object, or a message why not. */
export function parseSample(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'not an object' };
  return { ok: true, value: value as Record<string, unknown> };
}

const compiled = new WeakMap<FormDefinition, CompiledForm>();

/**
 * The record a dry run starts with, as the server would store it: the form
 * engine fills in computed values (a customer's `tier` from ARR and usage) over
 * what the user typed. Keys the form does not know are kept, so a partial or
 * hand-written sample still runs.
 */
export function recordForRun(form: FormDefinition | undefined, sample: Record<string, unknown>, now: number): Record<string, unknown> {
  if (!form) return sample;
  let c = compiled.get(form);
  if (!c) compiled.set(form, (c = compileForm(form)));
  return { ...sample, ...c.evaluate(sample, { now }).values };
}
