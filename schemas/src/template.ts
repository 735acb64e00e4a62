/**
 * HQ templates: a published, versioned definition plus the manifest of what HQ
 * locked (with the policy that says why) and where branches may extend it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey, Discriminated, ElementId, FieldKey, LocalizedText, SchemaVersion } from './common';
import { FormDefinition } from './form';
import { WorkflowDefinition } from './workflow';

const policy = { policy: LocalizedText };
const lock = <K extends string, P extends Record<string, import('@sinclair/typebox').TSchema>>(element: K, props: P) =>
  Type.Object({ element: Type.Literal(element), ...props, ...policy }, { additionalProperties: false });

/**
 * One locked element. A locked field keeps its key, type, computed expression and
 * visibility; its validation may only be tightened, it may become required but never
 * optional, and its options may not be removed (added only where `extensions.options`
 * allows). A locked node or edge may not be removed or changed; a locked trigger may
 * not be changed.
 */
export const Lock = Discriminated('element', [
  lock('field', { key: FieldKey }),
  lock('section', { id: ElementId }),
  lock('rule', { id: ElementId }),
  lock('node', { id: ElementId }),
  lock('edge', { id: ElementId }),
  lock('trigger', {}),
]);
export type Lock = Static<typeof Lock>;

/** A place in a locked workflow where a branch may insert its own steps: the edge leaving `node` by `port`. */
export const ExtensionPoint = Type.Object(
  {
    id: ElementId,
    node: ElementId,
    port: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }),
    label: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);
export type ExtensionPoint = Static<typeof ExtensionPoint>;

export const Extensions = Type.Object(
  {
    fields: Type.Optional(Type.Boolean({ description: 'branches may add fields (default true)' })),
    sections: Type.Optional(Type.Boolean({ description: 'branches may add sections (default true)' })),
    translations: Type.Optional(Type.Boolean({ description: 'branches may change labels, help and placeholders (default true)' })),
    options: Type.Optional(Type.Array(FieldKey, { description: 'select fields whose options branches may add to', maxItems: 200 })),
    points: Type.Optional(Type.Array(ExtensionPoint, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type Extensions = Static<typeof Extensions>;

export const TemplateDefinition = Discriminated('kind', [FormDefinition, WorkflowDefinition]);

export const Template = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: SchemaVersion,
    kind: Type.Literal('template'),
    key: DefinitionKey,
    version: Type.Integer({ minimum: 1 }),
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    changelog: Type.Optional(LocalizedText),
    /** A mandatory workflow runs for every branch on records of its form template and cannot be disabled. */
    mandatory: Type.Optional(Type.Boolean()),
    definition: TemplateDefinition,
    locks: Type.Array(Lock, { maxItems: 1000 }),
    extensions: Type.Optional(Extensions),
  },
  { additionalProperties: false, $id: 'https://branchline.dev/schemas/template.json', title: 'Branchline template' },
);
export type Template = Static<typeof Template>;
