/**
 * HQ reports over the branches the caller may see (HQ roles: every branch; a branch
 * admin: its own). Each answers JSON, or CSV with `Accept: text/csv`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AggregateQuery, AggregateResult, DistributionQuery, DistributionResult, ReportTemplates, SlaQuery, SlaResult, type ReportRow } from '@branchline/schemas';
import type { AggregateQuery as AggQ, DistributionQuery as DistQ, SlaQuery as SlaQ } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { aggregate } from '../reports/aggregate';
import { slaReport } from '../reports/sla';
import { distribution } from '../reports/distribution';
import { toCsv, wantsCsv } from '../reports/csv';
import { reportTemplates } from '../reports/templates';

const CSV_NOTE = ' Send `Accept: text/csv` for the same rows as CSV.';

function csv(reply: FastifyReply, name: string, columns: string[], rows: ReportRow[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((s) => s as string)
    .send(toCsv(columns, rows));
}

export default async function reportRoutes(app: FastifyInstance) {
  const svc = app.svc;

  app.get('/reports/templates', {
    config: { permission: 'reports.read' },
    schema: routeSchema({
      summary: 'The form templates the reports cover, with their dimensions and measures',
      description: 'Every template whose newest version is a form with reportable fields (locked select, checkbox and text/boolean computed fields are dimensions; locked number, currency, percent and number computed fields are measures), labelled from that version.',
      tags: ['reports'],
      response: { 200: ReportTemplates },
    }),
    handler: async () => reportTemplates(svc),
  });

  app.get<{ Querystring: AggQ }>('/reports/aggregate', {
    config: { permission: 'reports.read' },
    schema: routeSchema({
      summary: 'Count, sum and average of a template\'s records by org, period and reportable field',
      description: 'e.g. `?template=customer-registration&groupBy=orgId,tier&measures=count,sum:arr`. Answers from the per-day rollup; bounds off UTC midnight or two fields scan the records (`source: scan`).' + CSV_NOTE,
      tags: ['reports'],
      querystring: AggregateQuery,
      response: { 200: AggregateResult },
    }),
    handler: async (req, reply) => {
      const result = aggregate(svc, req.ctx, req.query);
      return wantsCsv(req.headers.accept) ? csv(reply, `aggregate-${result.template}`, [...result.groupBy, ...result.measures], result.rows) : result;
    },
  });

  app.get<{ Querystring: SlaQ }>('/reports/sla', {
    config: { permission: 'reports.read' },
    schema: routeSchema({
      summary: 'SLA compliance of tasks: met, missed, open and compliance by org, kind, period and record field',
      description: 'e.g. `?template=customer-registration&groupBy=tier`; the window applies to the due time.' + CSV_NOTE,
      tags: ['reports'],
      querystring: SlaQuery,
      response: { 200: SlaResult },
    }),
    handler: async (req, reply) => {
      const result = slaReport(svc, req.ctx, req.query);
      return wantsCsv(req.headers.accept) ? csv(reply, 'sla', [...result.groupBy, 'total', 'met', 'missed', 'open', 'compliance'], result.rows) : result;
    },
  });

  app.get<{ Querystring: DistQ }>('/reports/distribution', {
    config: { permission: 'reports.read' },
    schema: routeSchema({
      summary: 'How a numeric field (e.g. the health index) spreads over equal buckets',
      description: 'e.g. `?template=customer-health&field=health_index&buckets=10&min=0&max=100`.' + CSV_NOTE,
      tags: ['reports'],
      querystring: DistributionQuery,
      response: { 200: DistributionResult },
    }),
    handler: async (req, reply) => {
      const result = distribution(svc, req.ctx, req.query);
      const cols = [...(req.query.groupBy ? ['orgId'] : []), 'bucket', 'from', 'to', 'count'];
      return wantsCsv(req.headers.accept) ? csv(reply, `distribution-${result.field}`, cols, result.rows) : result;
    },
  });
}
