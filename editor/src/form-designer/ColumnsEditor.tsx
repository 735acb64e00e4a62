/** The columns of a table field (line items): key, type and label per column. */
import type { TableColumn } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { uniqueKey } from './field-factory';

const COLUMN_TYPES = ['text', 'number', 'currency', 'percent', 'date', 'checkbox'] as const;

interface Props {
  columns: readonly TableColumn[];
  onChange: (next: TableColumn[], coalesce?: string) => void;
  onBlur: () => void;
  disabled: boolean;
}

export function ColumnsEditor({ columns, onChange, onBlur, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const set = (i: number, col: TableColumn, coalesce?: string) => onChange(columns.map((c, j) => (j === i ? col : c)), coalesce);
  const add = () => {
    const key = uniqueKey('column', new Set(columns.map((c) => c.key)));
    onChange([...columns, { key, type: 'text', label: { 'zh-CN': `${t('fieldDefaults.column')} ${columns.length + 1}`, en: `Column ${columns.length + 1}` } }]);
  };
  return (
    <fieldset className="options-editor">
      <legend>{t('props.columns')}</legend>
      <table className="mini-table">
        <thead>
          <tr>
            <th scope="col">{t('props.key')}</th>
            <th scope="col">{t('props.type')}</th>
            <th scope="col">{t('props.label')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('props.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c, i) => (
            <tr key={i}>
              <td>
                <input
                  className="mono"
                  aria-label={t('props.columnKeyN', { n: i + 1 })}
                  value={c.key}
                  disabled={disabled}
                  onBlur={onBlur}
                  onChange={(e) => /^[a-z][a-z0-9_]{0,62}$/.test(e.target.value) && set(i, { ...c, key: e.target.value } as TableColumn, `column.${i}.key`)}
                />
              </td>
              <td>
                {(COLUMN_TYPES as readonly string[]).includes(c.type) ? (
                  <select aria-label={t('props.columnTypeN', { n: i + 1 })} value={c.type} disabled={disabled} onChange={(e) => set(i, { key: c.key, label: c.label, type: e.target.value } as TableColumn)}>
                    {COLUMN_TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`fieldTypes.${ty}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span>{t(`fieldTypes.${c.type}`)}</span>
                )}
              </td>
              <td>
                <input
                  aria-label={t('props.columnLabelN', { n: i + 1 })}
                  value={c.label[lang] ?? ''}
                  disabled={disabled}
                  onBlur={onBlur}
                  onChange={(e) => e.target.value && set(i, { ...c, label: { ...c.label, [lang]: e.target.value } } as TableColumn, `column.${i}.label`)}
                />
              </td>
              <td className="row-actions">
                <button type="button" className="btn btn-icon btn-ghost" disabled={disabled || columns.length <= 1} onClick={() => onChange(columns.filter((_, j) => j !== i))} aria-label={t('props.removeColumn', { n: i + 1 })}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!disabled && (
        <button type="button" className="btn btn-small" onClick={add}>
          {t('props.addColumn')}
        </button>
      )}
    </fieldset>
  );
}
