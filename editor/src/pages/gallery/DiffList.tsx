/** What changed between two definitions, pointer by pointer (elements matched by key / id). */
import { useTranslation } from 'react-i18next';
import type { DiffEntry } from '../../designer/json-diff';

export function short(value: unknown, max = 80): string {
  const text = value === undefined ? '—' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function DiffList({ entries, label }: { entries: readonly DiffEntry[]; label?: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="muted">{t('gallery.diff.none')}</p>;
  return (
    <ul className="diff-list" aria-label={label} data-testid="diff-list">
      {entries.map((c) => (
        <li key={`${c.op}${c.pointer}`} data-op={c.op} data-pointer={c.pointer}>
          <span className={`diff-op diff-${c.op}`}>{t(`gallery.diff.${c.op}`)}</span> <code>{c.pointer}</code>
          {c.op === 'changed' && (
            <span className="diff-values">
              <del>{short(c.before)}</del> → <ins>{short(c.after)}</ins>
            </span>
          )}
          {c.op === 'added' && <span className="diff-values"><ins>{short(c.after)}</ins></span>}
          {c.op === 'removed' && <span className="diff-values"><del>{short(c.before)}</del></span>}
          {c.op === 'moved' && <span className="muted small"> {c.from + 1} → {c.to + 1}</span>}
        </li>
      ))}
    </ul>
  );
}
