import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey, LocalizedText } from '../common';
import { Extensions, Lock } from '../template';
import { Problem } from '../problem';
import { Cursor, EntityId, Instant, Limit, OrgId } from './common';

const Kind = Type.Union([Type.Literal('form'), Type.Literal('workflow')]);
export const DefinitionStatus = Type.Union([Type.Literal('draft'), Type.Literal('pending_approval'), Type.Literal('published')]);

const AnyDefinition = Type.Unknown({ description: 'a form or workflow definition (schemas/form.json, schemas/workflow.json)' });

export const TemplateRef = Type.Object(
  {
    key: DefinitionKey,
    version: Type.Integer(),
    title: LocalizedText,
    locks: Type.Array(Lock),
    extensions: Type.Optional(Extensions),
    latestVersion: Type.Integer(),
    definition: AnyDefinition,
  },
  { additionalProperties: false },
);

export const ChangeRequest = Type.Object(
  {
    id: EntityId,
    status: Type.String(),
    requestedBy: Type.String(),
    requestedAt: Instant,
    decidedBy: Type.Optional(Type.String()),
    decidedAt: Type.Optional(Instant),
    comment: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ChangeRequest = Static<typeof ChangeRequest>;

const ActiveFlag = Type.Boolean({
  description: 'false when a branch switched this published workflow off (POST /definitions/{id}/deactivate): its trigger starts no new runs; runs in flight go on. Always true for forms.',
});

export const DefinitionSummary = Type.Object(
  {
    id: EntityId,
    kind: Kind,
    key: DefinitionKey,
    orgId: OrgId,
    title: LocalizedText,
    status: DefinitionStatus,
    version: Type.Integer({ description: 'published version in effect; 0 = never published' }),
    template: Type.Union([Type.Object({ key: DefinitionKey, version: Type.Integer() }, { additionalProperties: false }), Type.Null()]),
    mandatory: Type.Boolean(),
    active: ActiveFlag,
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type DefinitionSummary = Static<typeof DefinitionSummary>;

/** A branch change an upgrade set aside (HQ's version won a conflict): kept for the branch admin to re-apply or discard. */
export const SetAsideEntry = Type.Object(
  {
    change: Type.Unknown({ description: 'the overlay change, against the template version it was set aside on (schemas/overlay.json)' }),
    reason: Type.Object(
      {
        code: Type.String({ description: 'the upgrade conflict code, e.g. key_taken_by_hq, breaks_after_upgrade' }),
        message: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { additionalProperties: false }),
        params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'names the element (element, key | id) and what collided' })),
      },
      { additionalProperties: false },
    ),
    at: Instant,
    templateVersion: Type.Integer({ description: 'the template version the upgrade moved to' }),
  },
  { additionalProperties: false },
);
export type SetAsideEntry = Static<typeof SetAsideEntry>;

export const DefinitionDetail = Type.Object(
  {
    id: EntityId,
    kind: Kind,
    key: DefinitionKey,
    orgId: OrgId,
    title: LocalizedText,
    status: DefinitionStatus,
    version: Type.Integer(),
    publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
    definition: AnyDefinition,
    overlay: Type.Optional(Type.Unknown({ description: 'what the branch changed in its template (schemas/overlay.json)' })),
    template: Type.Optional(TemplateRef),
    locks: Type.Optional(Type.Array(Lock)),
    changeRequest: Type.Optional(ChangeRequest),
    setAside: Type.Optional(Type.Array(SetAsideEntry, { description: "an instance's changes set aside by upgrades, oldest first; re-apply or discard one by its index" })),
    problems: Type.Optional(Type.Array(Problem, { description: 'what is unfinished in the saved draft; publishing refuses it until fixed' })),
    mandatory: Type.Boolean(),
    active: ActiveFlag,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type DefinitionDetail = Static<typeof DefinitionDetail>;

export const DefinitionListQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    orgId: Type.Optional(OrgId),
    templateKey: Type.Optional(DefinitionKey),
    status: Type.Optional(DefinitionStatus),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type DefinitionListQuery = Static<typeof DefinitionListQuery>;
export const DefinitionList = Type.Object({ items: Type.Array(DefinitionSummary), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });

export const CreateDefinitionRequest = Type.Object({ definition: AnyDefinition, orgId: Type.Optional(OrgId) }, { additionalProperties: false });
export type CreateDefinitionRequest = Static<typeof CreateDefinitionRequest>;
export const SaveDefinitionRequest = Type.Object({ definition: AnyDefinition }, { additionalProperties: false });
export type SaveDefinitionRequest = Static<typeof SaveDefinitionRequest>;
export const DecisionRequest = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type DecisionRequest = Static<typeof DecisionRequest>;

export const PublishResult = Type.Object(
  {
    outcome: Type.Union([Type.Literal('published'), Type.Literal('pending_approval')]),
    definition: DefinitionDetail,
    changeRequest: Type.Optional(ChangeRequest),
  },
  { additionalProperties: false },
);
export type PublishResult = Static<typeof PublishResult>;

export const DefinitionVersion = Type.Object(
  {
    version: Type.Integer(),
    definition: AnyDefinition,
    overlay: Type.Optional(Type.Unknown()),
    templateVersion: Type.Optional(Type.Integer()),
    publishedAt: Instant,
    publishedBy: Type.Optional(Type.String()),
    approvedBy: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const DefinitionVersions = Type.Object({ items: Type.Array(DefinitionVersion) }, { additionalProperties: false });

export const UpgradePlan = Type.Object(
  {
    from: Type.Integer(),
    to: Type.Integer(),
    clean: Type.Boolean(),
    conflicts: Type.Array(Type.Unknown()),
    deadline: Type.Optional(Instant),
    canForce: Type.Boolean(),
    preview: Type.Optional(AnyDefinition),
  },
  { additionalProperties: false },
);
export type UpgradePlan = Static<typeof UpgradePlan>;
/** A branch admin's answer to one upgrade conflict (by its index in the plan's `conflicts`). */
export const UpgradeResolution = Type.Object(
  {
    conflict: Type.Integer({ minimum: 0 }),
    choice: Type.Union([Type.Literal('mine'), Type.Literal('hq'), Type.Literal('aside')]),
  },
  { additionalProperties: false },
);
export type UpgradeResolution = Static<typeof UpgradeResolution>;

export const UpgradeRequest = Type.Object(
  {
    to: Type.Optional(Type.Integer({ minimum: 1 })),
    force: Type.Optional(Type.Boolean({ description: 'HQ only, after the deadline: move despite conflicts, setting conflicting local parts aside' })),
    resolutions: Type.Optional(
      Type.Array(UpgradeResolution, { maxItems: 500, description: "one per conflict of the plan for the same `to`: keep the branch's part (mine), take HQ's (hq) or set the branch's part aside (aside)" }),
    ),
  },
  { additionalProperties: false },
);
export type UpgradeRequest = Static<typeof UpgradeRequest>;

/** The file `branchline export` writes and `branchline import` reads. */
export const DefinitionExport = Type.Object(
  {
    format: Type.Literal('branchline.definition'),
    formatVersion: Type.Literal(1),
    exportedAt: Instant,
    source: Type.Object({ id: EntityId, orgId: OrgId, version: Type.Integer(), status: DefinitionStatus }, { additionalProperties: false }),
    kind: Kind,
    key: DefinitionKey,
    definition: AnyDefinition,
    template: Type.Optional(Type.Object({ key: DefinitionKey, version: Type.Integer() }, { additionalProperties: false })),
    overlay: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type DefinitionExport = Static<typeof DefinitionExport>;
export const ImportRequest = Type.Object({ file: DefinitionExport, orgId: Type.Optional(OrgId) }, { additionalProperties: false });
export type ImportRequest = Static<typeof ImportRequest>;
