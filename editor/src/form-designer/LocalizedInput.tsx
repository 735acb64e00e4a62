/** A text in both UI languages, e.g. a field's label: one input per language. */
import type { LocalizedText } from '@branchline/schemas';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  value: LocalizedText | undefined;
  onChange: (next: LocalizedText | undefined) => void;
  onBlur?: () => void;
  required?: boolean;
  multiline?: boolean;
  disabled?: boolean;
  name?: string;
}

const LANGS = ['zh-CN', 'en'] as const;

export function LocalizedInput({ label, value, onChange, onBlur, required, multiline, disabled, name }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const set = (lang: string, text: string) => {
    const next: Record<string, string> = { ...(value ?? {}) };
    if (text === '') delete next[lang];
    else next[lang] = text;
    onChange(Object.keys(next).length > 0 ? next : undefined);
  };
  const missing = required && (!value || Object.keys(value).length === 0);
  return (
    <fieldset className="localized-input" aria-describedby={missing ? `${id}-err` : undefined}>
      <legend>{label}</legend>
      {LANGS.map((lang) => {
        const props = {
          id: `${id}-${lang}`,
          name: name ? `${name}.${lang}` : undefined,
          value: value?.[lang] ?? '',
          disabled,
          onBlur,
          lang,
          onChange: (e: { target: { value: string } }) => set(lang, e.target.value),
        };
        return (
          <div className="lang-row" key={lang}>
            <label htmlFor={`${id}-${lang}`} className="lang-tag">
              {t(`languages.short.${lang}`)}
            </label>
            {multiline ? <textarea rows={2} {...props} /> : <input type="text" {...props} />}
          </div>
        );
      })}
      {missing && (
        <p className="inline-error" id={`${id}-err`}>
          {t('props.labelRequired')}
        </p>
      )}
    </fieldset>
  );
}
