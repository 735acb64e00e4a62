/**
 * An expression editor for business users: field names and functions complete as
 * you type (↑ ↓ to choose, Enter or Tab to take, Esc to close, Ctrl+Space to open),
 * and the runtime's compiler reports problems inline while you type.
 */
import { compileExpression, EXPRESSION_FUNCTIONS, type Scope, type ValueType } from '@branchline/runtime';
import { useId, useMemo, useRef, useState } from 'react';
import { useCaretAfterChange } from '../ui/use-caret-after-change';
import { useTranslation } from 'react-i18next';
import { messageText } from '../i18n/localized';
import { accept, completionContext, suggestions, type CompletionItem, type FieldEntry } from './expression-complete';

interface Props {
  label: string;
  value: string;
  onChange: (next: string) => void;
  onBlur?: () => void;
  scope: Scope;
  fields: readonly FieldEntry[];
  expect?: ValueType['type'];
  disabled?: boolean;
  placeholder?: string;
  hint?: string;
  name?: string;
}

export function ExpressionInput({ label, value, onChange, onBlur, scope, fields, expect, disabled, placeholder, hint, name }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [cursor, setCursor] = useState(0);

  const functions = useMemo(() => EXPRESSION_FUNCTIONS.map((f) => ({ name: f.name, kind: f.kind, detail: f.signature })), []);
  const ctx = open ? completionContext(value, cursor) : null;
  const items: CompletionItem[] = ctx ? suggestions(ctx, fields, functions) : [];
  const showList = open && items.length > 0 && !disabled;

  const problems = useMemo(() => {
    if (!value.trim()) return [];
    const r = compileExpression(value, scope, expect ? { expect } : {});
    return r.ok ? [] : r.problems;
  }, [value, scope, expect]);

  const caretAfter = useCaretAfterChange(ref, value, setCursor);
  const take = (item: CompletionItem) => {
    if (!ctx) return;
    const next = accept(value, cursor, ctx, item);
    setOpen(false);
    caretAfter(next.text, next.cursor);
    if (next.text !== value) onChange(next.text);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      setOpen(true);
      setActive(0);
      return;
    }
    if (!showList) {
      if (e.key === 'Enter') e.preventDefault(); // one line: Enter never inserts a newline
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      take(items[Math.min(active, items.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const errId = `${id}-err`;
  return (
    <div className="expression-input">
      <label htmlFor={id}>{label}</label>
      <div className="combo">
        <textarea
          ref={ref}
          id={id}
          name={name}
          rows={2}
          className={problems.length > 0 ? 'mono invalid' : 'mono'}
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${Math.min(active, items.length - 1)}` : undefined}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length > 0 ? errId : undefined}
          value={value}
          disabled={disabled}
          placeholder={placeholder}
          onChange={(e) => {
            onChange(e.target.value.replace(/\n/g, ' '));
            setCursor(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setActive(0);
          }}
          onSelect={(e) => setCursor(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            onBlur?.();
          }}
        />
        {showList && (
          <ul className="completions" role="listbox" id={listId} aria-label={t('expr.suggestions')}>
            {items.map((item, i) => (
              <li
                key={`${item.kind}:${item.name}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  take(item);
                }}
              >
                <span className={`completion-kind kind-${item.kind}`}>{t(`expr.kinds.${item.kind}`)}</span>
                <span className="mono">{item.name}</span>
                <span className="muted small completion-detail">{item.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {hint && problems.length === 0 && <p className="muted small">{hint}</p>}
      {problems.length > 0 && (
        <ul className="inline-errors" id={errId} data-testid="expression-errors">
          {problems.map((p, i) => (
            <li key={i}>{messageText(p.message, i18n.language)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
