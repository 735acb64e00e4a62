/**
 * The reporting rollup (see docs/api.md): per template, org, UTC day and reportable
 * dimension value, a count and sums of the template's measures — maintained inside the
 * same write job as every record change, so HQ's aggregates are live and cheap.
 */
import { eq } from 'drizzle-orm';
import type { FormField, Template } from '@branchline/schemas';
import type { Db } from '../db/open';
import { reportFields } from '../db/schema';

export const SUM_SLOTS = 8;

export interface ReportShape {
  /** Dimension field keys, e.g. ['region', 'data_source', 'tier']. */
  dims: string[];
  /** Measure field keys with their sum slot, e.g. [{field: 'arr', slot: 0}]. */
  measures: { field: string; slot: number }[];
}

// Consent is not a dimension: a stored record always has it given.
const DIM_TYPES = new Set(['select', 'checkbox']);
const MEASURE_TYPES = new Set(['number', 'currency', 'percent']);

/** The reportable fields of a form template: its locked dimensions and measures. */
export function reportableFields(template: Template): { field: string; role: 'dim' | 'measure'; type: string }[] {
  if (template.definition.kind !== 'form') return [];
  const locked = new Set(template.locks.flatMap((l) => (l.element === 'field' ? [l.key] : [])));
  const out: { field: string; role: 'dim' | 'measure'; type: string }[] = [];
  for (const f of template.definition.fields as FormField[]) {
    if (!locked.has(f.key)) continue;
    if (DIM_TYPES.has(f.type) || (f.type === 'computed' && (f.resultType === 'text' || f.resultType === 'boolean'))) out.push({ field: f.key, role: 'dim', type: f.type });
    else if (MEASURE_TYPES.has(f.type) || (f.type === 'computed' && f.resultType === 'number')) out.push({ field: f.key, role: 'measure', type: f.type });
  }
  return out;
}

/** A dimension value as stored: text of the value; '' when absent. */
function dimValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Sqlite = { prepare(sql: string): { run(...params: unknown[]): unknown } };
const COLS = ['template_key', 'org_id', 'day', 'dim', 'value', 'count', ...Array.from({ length: SUM_SLOTS }, (_, i) => `s${i}`)];

export class RollupRepo {
  private readonly shapes = new Map<string, ReportShape>();
  /** One multi-row upsert per row count: a record touches its total row and one row per dimension in a single statement. */
  private readonly upserts = new Map<number, { run(...params: unknown[]): unknown }>();

  constructor(
    private readonly db: Db,
    private readonly sqlite: Sqlite,
  ) {}

  private upsert(rows: number) {
    let stmt = this.upserts.get(rows);
    if (!stmt) {
      const tuple = `(${COLS.map(() => '?').join(', ')})`;
      const sums = Array.from({ length: SUM_SLOTS }, (_, i) => `s${i} = s${i} + excluded.s${i}`).join(', ');
      stmt = this.sqlite.prepare(
        `INSERT INTO record_rollups (${COLS.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')} ` +
          `ON CONFLICT (template_key, dim, day, org_id, value) DO UPDATE SET count = count + excluded.count, ${sums}`,
      );
      this.upserts.set(rows, stmt);
    }
    return stmt;
  }

  /** The report shape of a template key (cached; reset by {@link registerTemplate}). */
  shape(templateKey: string): ReportShape {
    const hit = this.shapes.get(templateKey);
    if (hit) return hit;
    const rows = this.db.select().from(reportFields).where(eq(reportFields.templateKey, templateKey)).all();
    const shape: ReportShape = {
      dims: rows.filter((r) => r.role === 'dim').map((r) => r.field).sort(),
      measures: rows.filter((r) => r.role === 'measure' && r.slot !== null).map((r) => ({ field: r.field, slot: r.slot! })).sort((a, b) => a.slot - b.slot),
    };
    this.shapes.set(templateKey, shape);
    return shape;
  }

  /**
   * Record a template version's reportable fields (inside the publishing write job).
   * A measure keeps its slot across versions; new measures take the next free slot.
   */
  registerTemplate(template: Template): void {
    const existing = this.db.select().from(reportFields).where(eq(reportFields.templateKey, template.key)).all();
    const known = new Map(existing.map((r) => [r.field, r]));
    let nextSlot = Math.max(-1, ...existing.map((r) => r.slot ?? -1)) + 1;
    for (const f of reportableFields(template)) {
      if (known.has(f.field)) continue;
      const slot = f.role === 'measure' ? (nextSlot < SUM_SLOTS ? nextSlot++ : null) : null;
      if (f.role === 'measure' && slot === null) continue;
      this.db.insert(reportFields).values({ templateKey: template.key, field: f.field, role: f.role, slot, type: f.type }).run();
    }
    this.shapes.delete(template.key);
  }

  /**
   * Add (`sign` = 1) or remove (`sign` = -1) one record's contribution.
   * An update is a remove of the old data and an add of the new.
   */
  apply(templateKey: string, orgId: string, createdAt: number, data: Record<string, unknown>, sign: 1 | -1): void {
    const shape = this.shape(templateKey);
    const sums: number[] = new Array<number>(SUM_SLOTS).fill(0);
    for (const m of shape.measures) {
      const v = data[m.field];
      if (typeof v === 'number' && Number.isFinite(v)) sums[m.slot] = sign * v;
    }
    const day = utcDay(createdAt);
    const params: unknown[] = [templateKey, orgId, day, '', '', sign, ...sums];
    for (const dim of shape.dims) params.push(templateKey, orgId, day, dim, dimValue(data[dim]), sign, ...sums);
    this.upsert(shape.dims.length + 1).run(...params);
  }
}
