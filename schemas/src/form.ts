/**
 * Form definitions: the fields a record has, how they are validated, shown and computed.
 *
 * @example
 * const form: FormDefinition = {
 *   schemaVersion: 1, kind: 'form', key: 'visit-report',
 *   title: { 'zh-CN': '拜访记录', en: 'Visit report' },
 *   fields: [{ key: 'company_name', type: 'text', label: { 'zh-CN': '公司名称', en: 'Company' }, required: true }],
 * };
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DefinitionKey, Discriminated, StringEnum, ElementId, Expression, FieldKey, LocalizedText, SchemaVersion } from './common';

const Num = Type.Number();
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const IsoDateTime = Type.String({ format: 'date-time', description: 'RFC 3339 date-time' });

/** Rules on text: length and a regular expression the value must match. */
export const TextValidation = Type.Object(
  {
    minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'ECMAScript regular expression, anchored by you' })),
    patternMessage: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);

/** Rules on numbers: inclusive range, integers only. */
export const NumberValidation = Type.Object(
  {
    min: Type.Optional(Num),
    max: Type.Optional(Num),
    integer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DateValidation = Type.Object(
  { min: Type.Optional(IsoDate), max: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export const DateTimeValidation = Type.Object(
  { min: Type.Optional(IsoDateTime), max: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);
export const ItemsValidation = Type.Object(
  {
    minItems: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    maxItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

/** One choice of a select or multi-select. `value` is what records store. */
export const SelectOption = Type.Object(
  {
    value: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' }),
    label: LocalizedText,
  },
  { additionalProperties: false },
);
export type SelectOption = Static<typeof SelectOption>;

/** Properties every field and table column has. */
const common = {
  key: FieldKey,
  label: LocalizedText,
  help: Type.Optional(LocalizedText),
  placeholder: Type.Optional(LocalizedText),
  required: Type.Optional(Type.Boolean({ description: 'A value must be given (when the field is visible).' })),
  readOnly: Type.Optional(Type.Boolean()),
};
/** Properties of top-level fields only (not of table columns). */
const layout = {
  section: Type.Optional(ElementId),
  visibleWhen: Type.Optional(Expression),
  requiredWhen: Type.Optional(Expression),
};

function field<K extends string, P extends Record<string, TSchema>>(type: K, props: P, topLevel = true) {
  return Type.Object(
    // The cast keeps `section`, `visibleWhen`, `requiredWhen` optional in the derived type: a spread
    // of `cond ? layout : {}` turns them into required keys of type `string | undefined`.
    { ...common, ...((topLevel ? layout : {}) as typeof layout), type: Type.Literal(type), ...props },
    { additionalProperties: false },
  );
}

/** `resultType` of a computed value, so other expressions can be type-checked against it. */
export const ComputedResultType = StringEnum(['number', 'text', 'boolean', 'date', 'datetime'], { description: 'what the expression returns' });
export type ComputedResultType = Static<typeof ComputedResultType>;
const computedProps = {
  expression: Expression,
  resultType: ComputedResultType,
  format: Type.Optional(StringEnum(['plain', 'currency', 'percent'])),
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
};

const variants = (topLevel: boolean) => ({
  text: field('text', { default: Type.Optional(Type.String()), validation: Type.Optional(TextValidation) }, topLevel),
  textarea: field('textarea', { default: Type.Optional(Type.String()), validation: Type.Optional(TextValidation) }, topLevel),
  number: field('number', { default: Type.Optional(Num), unit: Type.Optional(LocalizedText), decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })), validation: Type.Optional(NumberValidation) }, topLevel),
  currency: field(
    'currency',
    {
      default: Type.Optional(Num),
      currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. CNY' })),
      currencyField: Type.Optional(FieldKey),
      validation: Type.Optional(NumberValidation),
    },
    topLevel,
  ),
  percent: field('percent', { default: Type.Optional(Num), validation: Type.Optional(NumberValidation) }, topLevel),
  email: field('email', { default: Type.Optional(Type.String()), validation: Type.Optional(TextValidation) }, topLevel),
  phone: field('phone', { default: Type.Optional(Type.String()), validation: Type.Optional(TextValidation) }, topLevel),
  date: field('date', { default: Type.Optional(IsoDate), validation: Type.Optional(DateValidation) }, topLevel),
  datetime: field('datetime', { default: Type.Optional(IsoDateTime), validation: Type.Optional(DateTimeValidation) }, topLevel),
  select: field('select', { default: Type.Optional(Type.String()), options: Type.Array(SelectOption, { minItems: 1, maxItems: 500 }) }, topLevel),
  multiSelect: field(
    'multi-select',
    { default: Type.Optional(Type.Array(Type.String())), options: Type.Array(SelectOption, { minItems: 1, maxItems: 500 }), validation: Type.Optional(ItemsValidation) },
    topLevel,
  ),
  checkbox: field('checkbox', { default: Type.Optional(Type.Boolean()) }, topLevel),
  computed: field('computed', computedProps, topLevel),
});

const columnVariants = variants(false);
/** A column of a table field: a typed cell of every line item. */
export const TableColumn = Discriminated('type', [
  columnVariants.text,
  columnVariants.number,
  columnVariants.currency,
  columnVariants.percent,
  columnVariants.date,
  columnVariants.select,
  columnVariants.checkbox,
  columnVariants.computed,
]);
export type TableColumn = Static<typeof TableColumn>;

const fieldVariants = variants(true);
/** A consent checkbox: the statement shown, and the policy version agreed to. Required consent must be `true`. */
const consentField = field('consent', {
  statement: LocalizedText,
  policyVersion: Type.Optional(Type.String({ maxLength: 64 })),
});
/** A link to a record of another form, stored as that record's id. */
const referenceField = field('reference', {
  form: DefinitionKey,
  displayField: Type.Optional(FieldKey),
  default: Type.Optional(Type.String({ maxLength: 200 })),
});
/** Line items: rows of typed columns, e.g. the lines of a quote. */
const tableField = field('table', {
  columns: Type.Array(TableColumn, { minItems: 1, maxItems: 50 }),
  validation: Type.Optional(
    Type.Object(
      {
        minRows: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
        maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      },
      { additionalProperties: false },
    ),
  ),
});

export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'currency', 'percent', 'email', 'phone', 'date', 'datetime',
  'select', 'multi-select', 'checkbox', 'consent', 'reference', 'table', 'computed',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FormField = Discriminated('type', [
  fieldVariants.text,
  fieldVariants.textarea,
  fieldVariants.number,
  fieldVariants.currency,
  fieldVariants.percent,
  fieldVariants.email,
  fieldVariants.phone,
  fieldVariants.date,
  fieldVariants.datetime,
  fieldVariants.select,
  fieldVariants.multiSelect,
  fieldVariants.checkbox,
  consentField,
  referenceField,
  tableField,
  fieldVariants.computed,
]);
export type FormField = Static<typeof FormField>;
export type FieldOfType<T extends FieldType> = Extract<FormField, { type: T }>;

/** A titled group of fields on the form; fields name their section by id. */
export const FormSection = Type.Object(
  {
    id: ElementId,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    collapsed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FormSection = Static<typeof FormSection>;

/** A cross-field rule: when `assert` is false the submission is refused with `message` at `field`. */
export const FormRule = Type.Object(
  {
    id: ElementId,
    assert: Expression,
    message: LocalizedText,
    field: Type.Optional(FieldKey),
  },
  { additionalProperties: false },
);
export type FormRule = Static<typeof FormRule>;

export const FormDefinition = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: SchemaVersion,
    kind: Type.Literal('form'),
    key: DefinitionKey,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    titleField: Type.Optional(FieldKey),
    sections: Type.Optional(Type.Array(FormSection, { maxItems: 100 })),
    fields: Type.Array(FormField, { minItems: 1, maxItems: 500 }),
    rules: Type.Optional(Type.Array(FormRule, { maxItems: 100 })),
  },
  { additionalProperties: false, $id: 'https://branchline.dev/schemas/form.json', title: 'Branchline form definition' },
);
export type FormDefinition = Static<typeof FormDefinition>;
