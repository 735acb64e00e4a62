/**
 * The reporting rollup (see docs/api.md): per template, org, UTC day and reportable
 * dimension value, a count and sums of the template's measures — maintained inside the
 * same write job as every record change, so HQ's aggregates are live and cheap.
 */
import { eq } from 'drizzle-orm';
import type { FormField, Template } from '@branchline/schemas';
import type { Db } from '../db/open';
import { reportFields } from '../db/schema';
import type { Staging, WriteQueue } from '../db/write-queue';

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
/** Rows per upsert statement when a batch's staged rows are written. */
const MAX_ROWS = 64;

/** One rollup row's change: its key columns, count and sums. */
interface Delta {
  readonly key: readonly [string, string, string, string, string];
  count: number;
  readonly sums: number[];
}

/**
 * The rollup changes of one write batch, summed per row in memory and written with one
 * upsert per batch (see {@link Staging}): submissions to the same template, org, day and
 * values move the same few rows, which would otherwise be upserted once per record.
 */
class RollupStaging implements Staging {
  private readonly rows = new Map<string, Delta>();
  /** What each apply added, so a failed job's part can be taken out again. */
  private readonly journal: { rows: Delta[]; sign: number; sums: number[] }[] = [];

  constructor(private readonly write: (deltas: Delta[]) => void) {}

  add(templateKey: string, orgId: string, day: string, dims: [string, string][], sign: number, sums: number[]): void {
    const touched: Delta[] = [];
    for (const [dim, value] of dims) {
      const key = `${templateKey}\u0000${orgId}\u0000${day}\u0000${dim}\u0000${value}`;
      let row = this.rows.get(key);
      if (!row) this.rows.set(key, (row = { key: [templateKey, orgId, day, dim, value], count: 0, sums: new Array<number>(SUM_SLOTS).fill(0) }));
      row.count += sign;
      for (let i = 0; i < SUM_SLOTS; i++) row.sums[i]! += sums[i]!;
      touched.push(row);
    }
    this.journal.push({ rows: touched, sign, sums });
  }

  mark(): number {
    return this.journal.length;
  }

  undo(mark: number): void {
    while (this.journal.length > mark) {
      const { rows, sign, sums } = this.journal.pop()!;
      for (const row of rows) {
        row.count -= sign;
        for (let i = 0; i < SUM_SLOTS; i++) row.sums[i]! -= sums[i]!;
      }
    }
  }

  flush(): void {
    const deltas = [...this.rows.values()].filter((r) => r.count !== 0 || r.sums.some((v) => v !== 0));
    this.clear();
    if (deltas.length) this.write(deltas);
  }

  clear(): void {
    this.rows.clear();
    this.journal.length = 0;
  }
}

export class RollupRepo {
  private readonly shapes = new Map<string, ReportShape>();
  /** One multi-row upsert per row count: a record touches its total row and one row per dimension in a single statement. */
  private readonly upserts = new Map<number, { run(...params: unknown[]): unknown }>();
  private readonly staging: RollupStaging | undefined;

  /** With `writes`, changes made by the jobs of a batch are summed and written once per batch. */
  constructor(
    private readonly db: Db,
    private readonly sqlite: Sqlite,
    private readonly writes?: WriteQueue,
  ) {
    if (writes) {
      this.staging = new RollupStaging((deltas) => {
        for (let i = 0; i < deltas.length; i += MAX_ROWS) {
          const chunk = deltas.slice(i, i + MAX_ROWS);
          this.upsert(chunk.length).run(...chunk.flatMap((d) => [...d.key, d.count, ...d.sums]));
        }
      });
      writes.stage(this.staging);
    }
  }

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
   * An update is a remove of the old data and an add of the new. Inside a write batch
   * the change is staged and written with the batch's other rollup changes before COMMIT.
   */
  apply(templateKey: string, orgId: string, createdAt: number, data: Record<string, unknown>, sign: 1 | -1): void {
    const shape = this.shape(templateKey);
    const sums: number[] = new Array<number>(SUM_SLOTS).fill(0);
    for (const m of shape.measures) {
      const v = data[m.field];
      if (typeof v === 'number' && Number.isFinite(v)) sums[m.slot] = sign * v;
    }
    const day = utcDay(createdAt);
    if (this.staging && this.writes!.inBatch) {
      const dims: [string, string][] = [['', '']];
      for (const dim of shape.dims) dims.push([dim, dimValue(data[dim])]);
      this.staging.add(templateKey, orgId, day, dims, sign, sums);
      return;
    }
    const params: unknown[] = [templateKey, orgId, day, '', '', sign, ...sums];
    for (const dim of shape.dims) params.push(templateKey, orgId, day, dim, dimValue(data[dim]), sign, ...sums);
    this.upsert(shape.dims.length + 1).run(...params);
  }
}
