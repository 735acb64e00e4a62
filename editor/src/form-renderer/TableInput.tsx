/** Line items: one row per item, typed cells, computed cells shown from the evaluated state. */
import type { FieldOfType, TableColumn } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { formatValue, parseNumber } from './format';

type Row = Record<string, unknown>;

/** `rows` are what was typed; `evaluated` the same rows with computed columns from the runtime. */
export function TableInput({ field, rows, evaluated, lang, disabled, onChange, idPrefix }: { field: FieldOfType<'table'>; rows: Row[]; evaluated: Row[]; lang: string; disabled?: boolean; onChange: (rows: Row[] | undefined) => void; idPrefix: string }) {
  const { t } = useTranslation();
  const setCell = (i: number, key: string, v: unknown) => {
    onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  };
  return (
    <div className="table-input">
      <table className="mini-table">
        <thead>
          <tr>
            {field.columns.map((c) => (
              <th key={c.key} scope="col">
                {localized(c.label, lang)}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('props.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={field.columns.length + 1} className="muted">
                {t('renderer.noRows')}
              </td>
            </tr>
          )}
          {rows.map((row, i) => (
            <tr key={i}>
              {field.columns.map((c) => (
                <td key={c.key}>
                  <Cell column={c} value={c.type === 'computed' ? evaluated[i]?.[c.key] : row[c.key]} lang={lang} disabled={disabled} id={`${idPrefix}-${i}-${c.key}`} label={`${localized(c.label, lang)} ${i + 1}`} onChange={(v) => setCell(i, c.key, v)} />
                </td>
              ))}
              <td>
                <button type="button" className="btn btn-icon btn-ghost" disabled={disabled} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('renderer.removeRow', { n: i + 1 })}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-small" disabled={disabled} onClick={() => onChange([...rows, {}])}>
        {t('renderer.addRow')}
      </button>
    </div>
  );
}

function Cell({ column, value, lang, disabled, id, label, onChange }: { column: TableColumn; value: unknown; lang: string; disabled?: boolean; id: string; label: string; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  switch (column.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return <input id={id} aria-label={label} type="number" step="any" value={typeof value === 'number' ? value : ''} disabled={disabled} onChange={(e) => onChange(parseNumber(e.target.value))} />;
    case 'date':
      return <input id={id} aria-label={label} type="date" value={typeof value === 'string' ? value : ''} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)} />;
    case 'checkbox':
      return <input id={id} aria-label={label} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
    case 'select':
      return (
        <select id={id} aria-label={label} value={typeof value === 'string' ? value : ''} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('renderer.choose')}</option>
          {column.options.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, lang)}
            </option>
          ))}
        </select>
      );
    case 'computed':
      return <output aria-label={label}>{formatValue(value, lang, { format: column.format, decimals: column.decimals })}</output>;
    default:
      return <input id={id} aria-label={label} type="text" value={typeof value === 'string' ? value : ''} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)} />;
  }
}
