/**
 * A raw expression input: autocomplete of variables and functions at the caret
 * (↑/↓ to choose, Enter or Tab to take, Esc to close) and the runtime's own compile
 * problems shown inline as you type — the same check the server runs on publish.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bestMatchScope, compileExpression, EXPRESSION_FUNCTIONS, workflowScope, type Scope, type ValueType } from '@branchline/runtime';
import { messageText } from '../../i18n/localized';
import { useCaretAfterChange } from '../../ui/use-caret-after-change';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor } from '../workflow-store';
import { applyCompletion, completionItems, completionsFor, wordAt, type CompletionItem } from './completion';

/** The scope an expression of this workflow sees; with `rep` for a best-match score. */
export function useExpressionScope(rep = false): Scope {
  const definition = useWorkflowEditor((s) => s.definition);
  const { form } = useWorkflowDesigner();
  return useMemo(() => {
    const options = form ? { form } : {};
    return rep ? bestMatchScope(definition, options) : workflowScope(definition, options);
  }, [definition, form, rep]);
}

export interface ExpressionInputProps {
  readonly label: string;
  readonly value: string;
  onChange(value: string): void;
  onBlur?(): void;
  readonly expect?: ValueType['type'];
  readonly rep?: boolean;
  readonly readOnly?: boolean;
  readonly testId?: string;
  readonly multiline?: boolean;
}

export function ExpressionInput({ label, value, onChange, onBlur, expect, rep, readOnly, testId, multiline }: ExpressionInputProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const scope = useExpressionScope(rep);
  const items = useMemo(() => completionItems(scope, EXPRESSION_FUNCTIONS), [scope]);
  const result = useMemo(() => (value.trim() === '' ? null : compileExpression(value, scope, expect ? { expect } : {})), [value, scope, expect]);
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = caret === null || readOnly ? [] : completionsFor(items, wordAt(value, caret).text);
  const open = suggestions.length > 0;

  const caretAfter = useCaretAfterChange(ref, value);
  const take = (item: CompletionItem) => {
    const pos = caret ?? value.length;
    const next = applyCompletion(value, pos, item);
    caretAfter(next.text, next.caret);
    if (next.text !== value) onChange(next.text);
    setCaret(next.caret);
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      take(suggestions[Math.min(active, suggestions.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setCaret(null);
    }
  };

  const problems = result && !result.ok ? result.problems : [];
  const common = {
    id,
    ref,
    value,
    readOnly,
    spellCheck: false,
    className: `wf-expression${problems.length ? ' is-invalid' : ''}`,
    'data-testid': testId,
    'aria-invalid': problems.length > 0,
    'aria-describedby': problems.length ? `${id}-problems` : undefined,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': open ? `${id}-list` : undefined,
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      onChange(e.target.value);
      setCaret(e.target.selectionStart);
      setActive(0);
    },
    onKeyDown,
    onKeyUp: (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) setCaret(e.currentTarget.selectionStart);
    },
    onBlur: () => {
      setTimeout(() => setCaret(null), 150);
      onBlur?.();
    },
  };

  return (
    <div className="wf-field wf-expression-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {open && (
        <ul className="wf-completions" role="listbox" id={`${id}-list`} aria-label={t('workflow.expression.suggestions')}>
          {suggestions.map((s, i) => (
            <li
              key={s.insert}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                take(s);
              }}
            >
              <code>{s.insert}</code>
              <span className="muted">{s.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <ul className="wf-field__problems" id={`${id}-problems`} role="alert" data-testid={testId ? `${testId}-problems` : undefined}>
          {problems.map((p, i) => (
            <li key={i}>{messageText(p.message, i18n.language)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
