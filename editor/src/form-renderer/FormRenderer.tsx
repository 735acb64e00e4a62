/**
 * Renders a form definition for filling in: the designer's live preview and the
 * records page use the same component. It holds no rules of its own — visibility,
 * required, computed values and problems come in `state`, from the runtime.
 *
 * @example
 * <FormRenderer definition={form} values={values} state={state} lang="zh-CN" onChange={(k, v) => …} />
 */
import type { FormDefinition, FormField } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { FieldInput } from './FieldInput';
import type { RenderState } from './types';

export interface FormRendererProps {
  definition: FormDefinition;
  /** What the user entered (the renderer shows computed values from `state`). */
  values: Readonly<Record<string, unknown>>;
  state: RenderState;
  lang: string;
  onChange: (key: string, value: unknown) => void;
  /** Show problems only for these keys (those the user has touched); all when undefined. */
  shown?: ReadonlySet<string>;
  onTouch?: (key: string) => void;
  disabled?: boolean;
  /** Prefix for element ids, so two renderers on one page do not clash. */
  idPrefix?: string;
}

export function FormRenderer(props: FormRendererProps) {
  const { t } = useTranslation();
  const { definition, lang, state } = props;
  const sections = definition.sections ?? [];
  const known = new Set(sections.map((s) => s.id));
  const loose = definition.fields.filter((f) => !f.section || !known.has(f.section));
  return (
    <div className="form-renderer" lang={lang}>
      {loose.length > 0 && <FieldList fields={loose} {...props} />}
      {sections.map((s) => {
        const fields = definition.fields.filter((f) => f.section === s.id);
        if (fields.length === 0 || !fields.some((f) => state.visible(f.key))) return null;
        return (
          <fieldset key={s.id} className="render-section">
            <legend>{localized(s.title, lang)}</legend>
            {s.description && <p className="muted small">{localized(s.description, lang)}</p>}
            <FieldList fields={fields} {...props} />
          </fieldset>
        );
      })}
      {state.formErrors.length > 0 && (
        <ul className="inline-errors" role="alert" aria-label={t('renderer.formProblems')}>
          {state.formErrors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FieldList({ fields, ...props }: FormRendererProps & { fields: FormField[] }) {
  return (
    <>
      {fields.map((f) =>
        props.state.visible(f.key) ? (
          <FieldInput
            key={f.key}
            field={f}
            value={f.type === 'computed' ? props.state.values[f.key] : props.values[f.key]}
            computed={f.type === 'table' ? props.state.values[f.key] : undefined}
            required={props.state.required(f.key)}
            errors={!props.shown || props.shown.has(f.key) ? errorsFor(props.state.errors, f.key) : []}
            lang={props.lang}
            disabled={props.disabled}
            idPrefix={props.idPrefix ?? 'fr'}
            onChange={(v) => props.onChange(f.key, v)}
            onTouch={() => props.onTouch?.(f.key)}
          />
        ) : null,
      )}
    </>
  );
}

/** A field's own problems and those of its cells (`key/…`). */
function errorsFor(errors: RenderState['errors'], key: string): string[] {
  const out: string[] = [...(errors[key] ?? [])];
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(`${key}/`)) out.push(...v);
  return out;
}
