/**
 * The published versions of a definition, and what changed between a chosen one and
 * the draft on screen; a version can be brought back as one undoable edit.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import type { DefinitionDetail, DefinitionVersion } from '../api/types';
import { useEditor, useEditorStoreApi } from '../store/editor-context';
import { Dialog } from '../ui/Dialog';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { jsonDiff, type DiffEntry } from './json-diff';

export function VersionHistoryDialog({ open, onClose, detail, readOnly }: { open: boolean; onClose: () => void; detail: DefinitionDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('versions.title')} wide>
      {open && <VersionHistory detail={detail} readOnly={readOnly} onDone={onClose} />}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('actions.close')}
        </button>
      </div>
    </Dialog>
  );
}

function VersionHistory({ detail, readOnly, onDone }: { detail: DefinitionDetail; readOnly: boolean; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const versions = useAsync(() => api.listVersions(detail.id), [api, detail.id]);
  const [chosen, setChosen] = useState<number | null>(null);
  const current = useEditor((s) => s.definition);
  const store = useEditorStoreApi();

  const items: DefinitionVersion[] = versions.status === 'ready' ? [...versions.data.items].sort((a, b) => b.version - a.version) : [];
  const selected = items.find((v) => v.version === chosen) ?? items[0];
  const diff = useMemo(() => (selected ? jsonDiff(selected.definition, current) : []), [selected, current]);

  if (versions.status === 'loading') return <Loading />;
  if (versions.status === 'error') return <ErrorState error={versions.error} onRetry={versions.reload} />;
  if (items.length === 0) return <EmptyState title={t('versions.none')}>{t('versions.noneHint')}</EmptyState>;

  const fmt = (at?: string) => (at ? new Date(at).toLocaleString(i18n.language) : '');
  return (
    <div className="versions">
      <ul className="version-list" aria-label={t('versions.list')}>
        {items.map((v) => (
          <li key={v.version}>
            <button type="button" className="version-item" aria-pressed={selected?.version === v.version} onClick={() => setChosen(v.version)}>
              <strong>{t('designer.version', { version: v.version })}</strong>
              <span className="muted small">{fmt(v.publishedAt)}</span>
              {v.publishedBy && <span className="muted small">{v.publishedBy}</span>}
            </button>
          </li>
        ))}
      </ul>
      <section className="version-diff" aria-live="polite">
        <h3>{t('versions.diffTitle', { version: selected?.version })}</h3>
        {diff.length === 0 ? <p className="muted">{t('versions.noChanges')}</p> : <DiffList diff={diff} />}
        {!readOnly && selected && diff.length > 0 && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              store.getState().apply({ type: 'definition.replace', definition: selected.definition } as { type: string });
              onDone();
            }}
          >
            {t('versions.restore', { version: selected.version })}
          </button>
        )}
      </section>
    </div>
  );
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? '' : s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

function DiffList({ diff }: { diff: DiffEntry[] }) {
  const { t } = useTranslation();
  return (
    <ul className="diff-list">
      {diff.map((d, i) => (
        <li key={i} className={`diff-${d.op}`}>
          <span className="diff-op">{t(`versions.ops.${d.op}`)}</span>
          <code className="diff-pointer">{d.pointer || '/'}</code>
          {d.op === 'changed' && (
            <span className="diff-values">
              <del>{show(d.before)}</del> → <ins>{show(d.after)}</ins>
            </span>
          )}
          {d.op === 'added' && <ins className="diff-values">{show(d.after)}</ins>}
          {d.op === 'removed' && <del className="diff-values">{show(d.before)}</del>}
          {d.op === 'moved' && <span className="diff-values">{t('versions.movedDetail', { from: d.from + 1, to: d.to + 1 })}</span>}
        </li>
      ))}
    </ul>
  );
}
