/**
 * Branch overlays: what a branch changed in its instance of an HQ template, as a
 * list of edits (data, keyed by `type`), applied in order by `resolve()` in the runtime.
 * The server derives an overlay by diffing the edited definition against the
 * template, so every tool that edits a definition is checked the same way.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DefinitionKey, Discriminated, ElementId, FieldKey, LocalizedText, SchemaVersion } from './common';
import { FormField, FormRule, FormSection, SelectOption } from './form';
import { WorkflowEdge, WorkflowNode, WorkflowUi } from './workflow';

/** Properties to set on an element, replacing each named property wholesale. */
const Patch = Type.Record(Type.String({ pattern: '^[A-Za-z$][A-Za-z0-9_]{0,63}$' }), Type.Unknown(), { maxProperties: 50 });
const Unset = Type.Array(Type.String({ pattern: '^[A-Za-z$][A-Za-z0-9_]{0,63}$' }), { maxItems: 50 });
const After = Type.Union([FieldKey, Type.Null()], { description: 'the element this one follows; null = first' });
const AfterId = Type.Union([ElementId, Type.Null()]);

const change = <K extends string, P extends Record<string, TSchema>>(type: K, props: P) =>
  Type.Object({ type: Type.Literal(type), ...props }, { additionalProperties: false });

export const OverlayChange = Discriminated('type', [
  change('definition.update', { set: Patch, unset: Type.Optional(Unset) }),
  change('field.add', { field: FormField, after: Type.Optional(After) }),
  change('field.update', { key: FieldKey, set: Patch, unset: Type.Optional(Unset) }),
  change('field.remove', { key: FieldKey }),
  change('field.move', { key: FieldKey, after: After }),
  change('option.add', { field: FieldKey, column: Type.Optional(FieldKey), option: SelectOption }),
  change('section.add', { section: FormSection, after: Type.Optional(AfterId) }),
  change('section.update', { id: ElementId, set: Patch, unset: Type.Optional(Unset) }),
  change('section.remove', { id: ElementId }),
  change('section.move', { id: ElementId, after: AfterId }),
  change('rule.add', { rule: FormRule }),
  change('rule.update', { id: ElementId, set: Patch, unset: Type.Optional(Unset) }),
  change('rule.remove', { id: ElementId }),
  change('trigger.update', { set: Patch, unset: Type.Optional(Unset) }),
  change('node.add', { node: WorkflowNode }),
  change('node.update', { id: ElementId, set: Patch, unset: Type.Optional(Unset) }),
  change('node.remove', { id: ElementId }),
  change('edge.add', { edge: WorkflowEdge }),
  change('edge.update', { id: ElementId, set: Patch, unset: Type.Optional(Unset) }),
  change('edge.remove', { id: ElementId }),
  change('ui.set', { ui: WorkflowUi }),
]);
export type OverlayChange = Static<typeof OverlayChange>;
export type OverlayChangeType = OverlayChange['type'];

export const Overlay = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: SchemaVersion,
    kind: Type.Literal('overlay'),
    template: Type.Object({ key: DefinitionKey, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    title: Type.Optional(LocalizedText),
    changes: Type.Array(OverlayChange, { maxItems: 5000 }),
  },
  { additionalProperties: false, $id: 'https://branchline.dev/schemas/overlay.json', title: 'Branchline branch overlay' },
);
export type Overlay = Static<typeof Overlay>;
