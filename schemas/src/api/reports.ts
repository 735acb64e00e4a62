/**
 * HQ reports (server/src/routes/reports.ts): aggregates of records from the reporting
 * rollup, SLA compliance of tasks, and distributions of a numeric field — each also as
 * CSV with `Accept: text/csv`. See docs/api.md "Reports" for the parameters.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey, StringEnum } from '../common';
import { OrgId } from './common';

/** `YYYY-MM-DD` (midnight UTC) or an RFC 3339 date-time. */
const Bound = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$', description: 'YYYY-MM-DD (midnight UTC) or an RFC 3339 date-time' });
const List = (description: string) => Type.String({ maxLength: 300, pattern: '^[a-z][A-Za-z0-9_:,]*$', description });

export const AggregateQuery = Type.Object(
  {
    template: DefinitionKey,
    groupBy: Type.Optional(List('comma list of orgId, one of day|week|month, and reportable fields of the template (e.g. tier); default none (one total row)')),
    measures: Type.Optional(List('comma list of count, sum:<field>, avg:<field>; default count')),
    from: Type.Optional(Bound),
    to: Type.Optional(Bound),
    orgId: Type.Optional(OrgId),
  },
  { additionalProperties: false },
);
export type AggregateQuery = Static<typeof AggregateQuery>;

export const ReportRow = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]));
export type ReportRow = Static<typeof ReportRow>;

export const AggregateResult = Type.Object(
  {
    template: DefinitionKey,
    groupBy: Type.Array(Type.String()),
    measures: Type.Array(Type.String(), { description: 'column names: count, sum_<field>, avg_<field>' }),
    source: StringEnum(['rollup', 'scan'], { description: 'rollup: the per-day rollup; scan: the records themselves (sub-day bounds, two fields)' }),
    rows: Type.Array(ReportRow),
  },
  { additionalProperties: false },
);
export type AggregateResult = Static<typeof AggregateResult>;

export const SlaQuery = Type.Object(
  {
    template: Type.Optional(DefinitionKey),
    workflow: Type.Optional(DefinitionKey),
    groupBy: Type.Optional(List('comma list of orgId, kind, one of day|week|month (of the due time), and record fields (e.g. tier)')),
    from: Type.Optional(Bound),
    to: Type.Optional(Bound),
    orgId: Type.Optional(OrgId),
  },
  { additionalProperties: false },
);
export type SlaQuery = Static<typeof SlaQuery>;
export const SlaResult = Type.Object(
  { groupBy: Type.Array(Type.String()), rows: Type.Array(ReportRow, { description: 'group columns, then total, met, missed, open, compliance (met / (met + missed), null when nothing is decided yet)' }) },
  { additionalProperties: false },
);
export type SlaResult = Static<typeof SlaResult>;

export const DistributionQuery = Type.Object(
  {
    template: DefinitionKey,
    field: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'a numeric field, e.g. health_index' }),
    buckets: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    min: Type.Optional(Type.Number({ default: 0 })),
    max: Type.Optional(Type.Number({ default: 100 })),
    groupBy: Type.Optional(StringEnum(['orgId'])),
    from: Type.Optional(Bound),
    to: Type.Optional(Bound),
    orgId: Type.Optional(OrgId),
  },
  { additionalProperties: false },
);
export type DistributionQuery = Static<typeof DistributionQuery>;
export const DistributionResult = Type.Object(
  { field: Type.String(), rows: Type.Array(ReportRow, { description: '[orgId,] bucket, from, to, count — values below min fall in the first bucket, above max in the last; records without a number are left out' }) },
  { additionalProperties: false },
);
export type DistributionResult = Static<typeof DistributionResult>;

/** One reportable field of a template: a dimension to group by, or a measure to sum and average. */
export const ReportField = Type.Object(
  {
    field: Type.String(),
    label: Type.Record(Type.String(), Type.String(), { description: 'the field label in the template, by locale' }),
    type: Type.String({ description: 'the field type: select, checkbox, number, currency, percent, or computed:<resultType>' }),
    currency: Type.Optional(Type.String({ description: 'a currency field\'s fixed ISO 4217 code, when it has one' })),
  },
  { additionalProperties: false },
);
export type ReportField = Static<typeof ReportField>;

/** The form templates HQ can report on, each with the dimensions and measures the reports accept. */
export const ReportTemplates = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          key: DefinitionKey,
          title: Type.Record(Type.String(), Type.String()),
          version: Type.Integer({ description: 'the newest version (labels come from it)' }),
          dimensions: Type.Array(ReportField, { description: '`groupBy` fields of /reports/aggregate and /reports/sla' }),
          measures: Type.Array(ReportField, { description: '`sum:` / `avg:` fields of /reports/aggregate, `field` of /reports/distribution' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReportTemplates = Static<typeof ReportTemplates>;
