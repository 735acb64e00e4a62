import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey, LocalizedText } from '../common';
import { Extensions, Lock } from '../template';
import { Instant, OrgId } from './common';

const Kind = Type.Union([Type.Literal('form'), Type.Literal('workflow')]);

/** One template in the gallery: its newest version and what HQ locked. */
export const TemplateSummary = Type.Object(
  {
    key: DefinitionKey,
    version: Type.Integer(),
    kind: Kind,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    locks: Type.Array(Lock),
    extensions: Type.Optional(Extensions),
    mandatory: Type.Boolean(),
    versions: Type.Array(Type.Integer()),
    upgradeDeadline: Type.Optional(Instant),
    publishedAt: Instant,
  },
  { additionalProperties: false },
);
export type TemplateSummary = Static<typeof TemplateSummary>;

export const TemplateList = Type.Object({ items: Type.Array(TemplateSummary) }, { additionalProperties: false });

/** A template version: the whole template document and when it was published. */
export const TemplateDetail = Type.Object(
  {
    key: DefinitionKey,
    version: Type.Integer(),
    kind: Kind,
    mandatory: Type.Boolean(),
    publishedAt: Instant,
    upgradeDeadline: Type.Optional(Instant),
    versions: Type.Array(Type.Integer()),
    template: Type.Unknown({ description: 'the Template document (schemas/template.json)' }),
  },
  { additionalProperties: false },
);
export type TemplateDetail = Static<typeof TemplateDetail>;

export const TemplateVersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

export const PublishTemplateRequest = Type.Object(
  {
    template: Type.Unknown({ description: 'a Template document; its version must be the next one of its key (1 for a new key)' }),
    upgradeDeadline: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type PublishTemplateRequest = Static<typeof PublishTemplateRequest>;

export const InstantiateRequest = Type.Object(
  {
    orgId: Type.Optional(OrgId),
    publish: Type.Optional(Type.Boolean({ description: 'publish the instance at once (default false: a draft)' })),
  },
  { additionalProperties: false },
);
export type InstantiateRequest = Static<typeof InstantiateRequest>;

export const TemplateUsage = Type.Object(
  {
    key: DefinitionKey,
    latestVersion: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          definitionId: Type.String(),
          orgId: OrgId,
          templateVersion: Type.Integer(),
          version: Type.Integer(),
          status: Type.String(),
          active: Type.Boolean({ description: 'false when the branch switched this workflow off (it starts no new runs); always true for forms' }),
          upToDate: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
    byVersion: Type.Record(Type.String(), Type.Integer(), { description: 'number of instances per template version' }),
  },
  { additionalProperties: false },
);
export type TemplateUsage = Static<typeof TemplateUsage>;
