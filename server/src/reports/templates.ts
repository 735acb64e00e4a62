/**
 * The form templates HQ can report on: every template whose newest version is a form
 * with reportable fields (its locked dimensions and measures, as the rollup records
 * them — exactly what /reports/aggregate accepts), labelled from the newest version.
 */
import type { FormField, ReportField, ReportTemplates, Template } from '@branchline/schemas';
import type { Services } from '../services';

export function reportTemplates(svc: Services): ReportTemplates {
  const items: ReportTemplates['items'] = [];
  for (const row of svc.templates.listLatest()) {
    const doc = row.document as Template;
    if (doc.definition.kind !== 'form') continue;
    const shape = svc.rollups.shape(doc.key);
    if (shape.dims.length === 0 && shape.measures.length === 0) continue;
    const fields = new Map((doc.definition.fields as FormField[]).map((f) => [f.key, f]));
    const describe = (field: string): ReportField => {
      const f = fields.get(field);
      const out: ReportField = { field, label: f?.label ?? { en: field }, type: f ? (f.type === 'computed' ? `computed:${f.resultType}` : f.type) : 'unknown' };
      if (f?.type === 'currency' && f.currency && !f.currencyField) out.currency = f.currency;
      return out;
    };
    items.push({ key: doc.key, title: doc.title, version: doc.version, dimensions: shape.dims.map(describe), measures: shape.measures.map((m) => describe(m.field)) });
  }
  return { items };
}
