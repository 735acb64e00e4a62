/**
 * Published forms the user can fill in, and the definitions behind records (read
 * once per id), for titles, field labels and value formats.
 */
import type { FormDefinition } from '@branchline/schemas';
import { useEffect, useState } from 'react';
import type { DefinitionSummary } from '../../api/types';
import type { PagesApi } from './api';
import { useQuery } from './use-query';

/** Forms of the visible orgs with a published version (a pending change keeps the old one in effect). */
export function usePublishedForms(pages: PagesApi) {
  return useQuery(async (): Promise<DefinitionSummary[]> => {
    const out: DefinitionSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await pages.definitions({ kind: 'form', limit: 200, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.filter((d) => d.version > 0));
      cursor = page.nextCursor;
    } while (cursor && out.length < 1000);
    return out;
  }, [pages]);
}

/** Form definitions by definition id, loaded for the ids given (absent while loading or unreadable). */
export function useFormsById(pages: PagesApi, ids: readonly string[]): ReadonlyMap<string, FormDefinition> {
  const key = [...new Set(ids)].sort().join(',');
  const [forms, setForms] = useState<ReadonlyMap<string, FormDefinition>>(new Map());
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !forms.has(id)) : [];
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map((id) => pages.definition(id).then((d) => [id, d.definition] as const, () => null))).then((entries) => {
      if (!live) return;
      setForms((prev) => {
        const next = new Map(prev);
        for (const e of entries) if (e && e[1].kind === 'form') next.set(e[0], e[1]);
        return next;
      });
    });
    return () => {
      live = false;
    };
    // `forms` is read only to skip what is loaded; reloading on it would loop.
  }, [pages, key]);
  return forms;
}

/**
 * The few values that name a record in a list: the form's first text-like fields
 * with a value (e.g. company and contact), at most `n`.
 */
export function recordSummary(form: FormDefinition | undefined, data: Readonly<Record<string, unknown>>, n = 2): string[] {
  const textual = new Set(['text', 'email', 'phone']);
  const keys = form ? form.fields.filter((f) => textual.has(f.type)).map((f) => f.key) : Object.keys(data);
  const out: string[] = [];
  for (const k of keys) {
    const v = data[k];
    if (typeof v === 'string' && v.trim() !== '') out.push(v);
    if (out.length >= n) break;
  }
  return out;
}
