/**
 * What the renderer shows besides the definition: the evaluated state of the form
 * (values with computed fields filled, which fields are visible and required) and
 * the problems per field — all from the runtime, never decided here.
 */
export interface RenderState {
  /** Every value, computed fields included. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly visible: (key: string) => boolean;
  readonly required: (key: string) => boolean;
  /** Problem messages by field key (a table's cells as `key/row/column`), in the UI language. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** Problems that belong to no single field (form rules without a field). */
  readonly formErrors: readonly string[];
}
