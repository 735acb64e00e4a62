/**
 * The form behind each of a few records (for field labels and value formats): the
 * records are read once, their definitions once per definition id.
 */
import type { FormDefinition, FormField } from '@branchline/schemas';
import { useEffect, useState } from 'react';
import type { RecordItem } from '../../api/types';
import { formatValue } from '../../form-renderer/format';
import { localized } from '../../i18n/localized';
import type { PagesApi } from './api';

export interface RecordForm {
  readonly record: RecordItem;
  readonly form: FormDefinition | null;
}

/** Records by id with their forms; ids still loading (or not readable) are absent. */
export function useRecordForms(pages: PagesApi, recordIds: readonly string[]): ReadonlyMap<string, RecordForm> {
  const key = [...new Set(recordIds)].sort().join(',');
  const [map, setMap] = useState<ReadonlyMap<string, RecordForm>>(new Map());
  useEffect(() => {
    if (!key) return;
    let live = true;
    const ids = key.split(',');
    const forms = new Map<string, Promise<FormDefinition | null>>();
    const formOf = (id: string) => {
      let p = forms.get(id);
      if (!p) {
        p = pages.definition(id).then(
          (d) => (d.definition.kind === 'form' ? d.definition : null),
          () => null,
        );
        forms.set(id, p);
      }
      return p;
    };
    void Promise.all(
      ids.map((id) =>
        pages.record(id).then(
          async (record) => [id, { record, form: await formOf(record.definitionId) }] as const,
          () => null,
        ),
      ),
    ).then((entries) => {
      if (live) setMap(new Map(entries.filter((e): e is readonly [string, RecordForm] => e !== null)));
    });
    return () => {
      live = false;
    };
  }, [pages, key]);
  return map;
}

/** A field of a form by key (undefined without the form). */
export function fieldOf(form: FormDefinition | null | undefined, key: string): FormField | undefined {
  return form?.fields.find((f) => f.key === key);
}

/** A field's value as text: option labels for selects, the field's number format, '—' when empty. */
export function displayValue(field: FormField | undefined, value: unknown, lang: string): string {
  if (!field) return formatValue(value, lang);
  if ((field.type === 'select' || field.type === 'multi-select') && value !== undefined && value !== null) {
    const label = (v: unknown) => {
      const option = field.options?.find((o) => o.value === v);
      return option ? localized(option.label, lang) : String(v);
    };
    return Array.isArray(value) ? value.map(label).join(', ') : label(value);
  }
  if (field.type === 'computed') return formatValue(value, lang, { ...(field.format ? { format: field.format } : {}), ...(field.decimals !== undefined ? { decimals: field.decimals } : {}) });
  if (field.type === 'currency') return formatValue(value, lang, { format: 'currency', ...(field.currency ? { currency: field.currency } : {}) });
  if (field.type === 'percent') return formatValue(value, lang, { format: 'percent' });
  if (field.type === 'table' && Array.isArray(value)) return String(value.length);
  return formatValue(value, lang);
}
