/** The choices of a select or multi-select: value and label in both languages; add, remove, reorder. */
import type { SelectOption } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { uniqueKey } from './field-factory';

interface Props {
  options: readonly SelectOption[];
  onChange: (next: SelectOption[], coalesce?: string) => void;
  onBlur: () => void;
  /** Options that may not be removed or changed (HQ locked them). */
  canRemove: (value: string) => boolean;
  canAdd: boolean;
  disabled: boolean;
}

export function OptionsEditor({ options, onChange, onBlur, canRemove, canAdd, disabled }: Props) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<SelectOption>, coalesce: string) => {
    const next = options.map((o, j) => (j === i ? { ...o, ...patch } : o));
    onChange(next, coalesce);
  };
  const setLabel = (i: number, lang: string, text: string) => {
    const label: Record<string, string> = { ...options[i]!.label };
    if (text) label[lang] = text;
    else delete label[lang];
    if (Object.keys(label).length > 0) update(i, { label }, `option.${i}.label.${lang}`);
  };
  const move = (i: number, d: number) => {
    const j = i + d;
    if (j < 0 || j >= options.length) return;
    const next = [...options];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const add = () => {
    const value = uniqueKey(`option_${options.length + 1}`, new Set(options.map((o) => o.value)));
    onChange([...options, { value, label: { 'zh-CN': `${t('fieldDefaults.option')} ${options.length + 1}`, en: `Option ${options.length + 1}` } }]);
  };

  return (
    <fieldset className="options-editor">
      <legend>{t('props.options')}</legend>
      <table className="mini-table">
        <thead>
          <tr>
            <th scope="col">{t('props.optionValue')}</th>
            <th scope="col">{t('languages.short.zh-CN')}</th>
            <th scope="col">{t('languages.short.en')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('props.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {options.map((o, i) => {
            const fixed = disabled || !canRemove(o.value);
            return (
              <tr key={i}>
                <td>
                  <input
                    className="mono"
                    aria-label={t('props.optionValueN', { n: i + 1 })}
                    value={o.value}
                    disabled={fixed}
                    onBlur={onBlur}
                    onChange={(e) => update(i, { value: e.target.value }, `option.${i}.value`)}
                  />
                </td>
                <td>
                  <input aria-label={t('props.optionLabelN', { n: i + 1, lang: t('languages.zh-CN') })} value={o.label['zh-CN'] ?? ''} disabled={disabled} onBlur={onBlur} onChange={(e) => setLabel(i, 'zh-CN', e.target.value)} />
                </td>
                <td>
                  <input aria-label={t('props.optionLabelN', { n: i + 1, lang: t('languages.en') })} value={o.label.en ?? ''} disabled={disabled} onBlur={onBlur} onChange={(e) => setLabel(i, 'en', e.target.value)} />
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-icon btn-ghost" onClick={() => move(i, -1)} disabled={disabled || i === 0} aria-label={t('props.moveUp')}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-icon btn-ghost" onClick={() => move(i, 1)} disabled={disabled || i === options.length - 1} aria-label={t('props.moveDown')}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-icon btn-ghost" onClick={() => onChange(options.filter((_, j) => j !== i))} disabled={fixed || options.length <= 1} aria-label={t('props.removeOption', { n: i + 1 })}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canAdd && !disabled && (
        <button type="button" className="btn btn-small" onClick={add}>
          {t('props.addOption')}
        </button>
      )}
    </fieldset>
  );
}
