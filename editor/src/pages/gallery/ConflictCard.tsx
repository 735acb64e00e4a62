/**
 * One upgrade conflict: what HQ and the branch each did to the element (in the
 * server's words, both languages), the values side by side, and the three choices.
 * "Keep mine" is offered only when HQ's new version still allows the branch's part.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { messageText } from '../../i18n/localized';
import type { UpgradeConflict } from '../shared/api';
import { short } from './DiffList';
import type { Choice } from './model';

const CHOICES: readonly Choice[] = ['mine', 'hq', 'aside'];

/** The element a conflict is about, as `field "discount_pct"`-like text parts. */
export function conflictElement(c: UpgradeConflict): { element: string; name: string } | null {
  const p = c.params ?? {};
  const element = typeof p.element === 'string' ? p.element : null;
  const name = typeof p.key === 'string' ? p.key : typeof p.id === 'string' ? p.id : '';
  return element ? { element, name } : null;
}

export function ConflictCard({ index, conflict, choice, onChoose, problems }: { index: number; conflict: UpgradeConflict; choice: Choice | undefined; onChoose: (c: Choice) => void; problems: readonly { text: string }[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const el = conflictElement(conflict);
  const p = conflict.params ?? {};
  const keepable = conflict.keepable !== false;
  return (
    <fieldset className={`conflict-card${problems.length ? ' has-error' : ''}`} data-testid="conflict" data-code={conflict.code} data-index={index}>
      <legend>
        {t('gallery.upgrade.conflictN', { n: index + 1 })} · {t(`gallery.conflictCodes.${conflict.code}`, { defaultValue: conflict.code })}
        {el && (
          <>
            {' '}
            · {t(`gallery.elements.${el.element}`, { defaultValue: el.element })} <code>{el.name}</code>
          </>
        )}
      </legend>
      <p>{messageText(conflict.messages ?? conflict.message, i18n.language)}</p>
      {('base' in p || 'ours' in p || 'theirs' in p) && (
        <dl className="conflict-values">
          {typeof p.at === 'string' && (
            <div>
              <dt>{t('gallery.upgrade.where')}</dt>
              <dd>
                <code>{p.at}</code>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('gallery.upgrade.base')}</dt>
            <dd>{short(p.base)}</dd>
          </div>
          <div>
            <dt>{t('gallery.upgrade.ours')}</dt>
            <dd data-testid="ours">{short(p.ours)}</dd>
          </div>
          <div>
            <dt>{t('gallery.upgrade.theirs')}</dt>
            <dd data-testid="theirs">{short(p.theirs)}</dd>
          </div>
        </dl>
      )}
      <div className="choice-group" role="radiogroup" aria-label={t('gallery.upgrade.resolve')}>
        {CHOICES.map((c) => {
          const disabled = c === 'mine' && !keepable;
          return (
            <label key={c} className={`choice${disabled ? ' is-disabled' : ''}`}>
              <input type="radio" name={`${id}-choice`} value={c} checked={choice === c} disabled={disabled} onChange={() => onChoose(c)} aria-describedby={`${id}-${c}`} />
              <span>
                <strong>{t(`gallery.upgrade.choices.${c}`)}</strong>
                <span id={`${id}-${c}`} className="muted small">
                  {disabled ? t('gallery.upgrade.cannotKeep') : t(`gallery.upgrade.choiceHints.${c}`)}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {problems.length > 0 && (
        <ul className="inline-errors" role="alert">
          {problems.map((x, i) => (
            <li key={i}>{x.text}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
