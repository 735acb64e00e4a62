/**
 * The condition builder: rules (field, operator, value) in "all of" / "any of"
 * groups, nested, writing the CEL expression on every change — or the raw
 * expression with autocomplete and the runtime's inline errors. Text the builder
 * cannot show (arithmetic, functions …) stays in raw mode, untouched.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueType } from '@branchline/runtime';
import { localized } from '../../i18n/localized';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor } from '../workflow-store';
import { parseCondition, toExpression, type Group, type Rule, type Scalar } from '../model/condition';
import { coerceRule, conditionFields, newRule, operatorsFor, type FieldChoice } from '../model/condition-fields';
import { ExpressionInput } from './ExpressionInput';

interface Props {
  readonly label: string;
  readonly value: string;
  onChange(value: string): void;
  /** Closes the current undo step (the store's `mark`): called on blur and around each discrete pick. */
  onBlur?(): void;
  readonly readOnly?: boolean;
  readonly testId: string;
  readonly expect?: ValueType['type'];
}

type Path = readonly number[];

function updateAt(group: Group, path: Path, fn: (item: Rule | Group) => Rule | Group | undefined): Group {
  const [head, ...rest] = path;
  const items = group.items.flatMap((item, i) => {
    if (i !== head) return [item];
    const next = rest.length === 0 ? fn(item) : item.kind === 'group' ? updateAt(item, rest, fn) : item;
    return next ? [next] : [];
  });
  return { ...group, items };
}

function RuleRow({ rule, choices, onChange, onRemove, readOnly, testId }: { rule: Rule; choices: readonly FieldChoice[]; onChange(r: Rule, typed?: boolean): void; onRemove(): void; readOnly?: boolean; testId: string }) {
  const { t, i18n } = useTranslation();
  const choice = choices.find((c) => c.path === rule.field);
  const ops = operatorsFor(choice?.type);
  const parseScalar = (text: string): Scalar => (choice?.type === 'number' ? (text === '' ? 0 : Number(text)) : text);
  const single = (Array.isArray(rule.value) ? rule.value[0] : rule.value) as Scalar;
  let valueInput;
  if (rule.op === 'in') {
    const list = (Array.isArray(rule.value) ? rule.value : [rule.value]) as Scalar[];
    valueInput = choice?.options ? (
      <select multiple aria-label={t('workflow.condition.value')} disabled={readOnly} value={list.map(String)} onChange={(e) => onChange({ ...rule, value: [...e.target.selectedOptions].map((o) => o.value) })}>
        {choice.options.map((o) => (
          <option key={o.value} value={o.value}>
            {localized(o.label, i18n.language)}
          </option>
        ))}
      </select>
    ) : (
      <input aria-label={t('workflow.condition.value')} readOnly={readOnly} value={list.join(', ')} onChange={(e) => onChange({ ...rule, value: e.target.value.split(',').map((s) => parseScalar(s.trim())) }, true)} />
    );
  } else if (choice?.type === 'boolean') {
    valueInput = (
      <select aria-label={t('workflow.condition.value')} disabled={readOnly} value={String(single)} onChange={(e) => onChange({ ...rule, value: e.target.value === 'true' })}>
        <option value="true">{t('workflow.condition.true')}</option>
        <option value="false">{t('workflow.condition.false')}</option>
      </select>
    );
  } else if (choice?.options) {
    valueInput = (
      <select aria-label={t('workflow.condition.value')} disabled={readOnly} value={String(single)} onChange={(e) => onChange({ ...rule, value: e.target.value })}>
        {choice.options.map((o) => (
          <option key={o.value} value={o.value}>
            {localized(o.label, i18n.language)}
          </option>
        ))}
      </select>
    );
  } else {
    valueInput = (
      <input
        aria-label={t('workflow.condition.value')}
        data-testid={`${testId}-value`}
        type={choice?.type === 'number' ? 'number' : 'text'}
        readOnly={readOnly}
        value={single === null ? '' : String(single)}
        onChange={(e) => onChange({ ...rule, value: parseScalar(e.target.value) }, true)}
      />
    );
  }
  return (
    <div className="wf-rule" data-testid={testId}>
      <select aria-label={t('workflow.condition.field')} data-testid={`${testId}-field`} disabled={readOnly} value={rule.field} onChange={(e) => onChange(coerceRule({ ...rule, field: e.target.value }, choices.find((c) => c.path === e.target.value)))}>
        {!choice && <option value={rule.field}>{rule.field}</option>}
        {choices.map((c) => (
          <option key={c.path} value={c.path}>
            {c.label ? `${localized(c.label, i18n.language)} (${c.path})` : c.path}
          </option>
        ))}
      </select>
      <select aria-label={t('workflow.condition.operator')} data-testid={`${testId}-op`} disabled={readOnly} value={rule.op} onChange={(e) => onChange(coerceRule({ ...rule, op: e.target.value as Rule['op'] }, choice))}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {t(`workflow.condition.ops.${op}`)}
          </option>
        ))}
      </select>
      {valueInput}
      {!readOnly && (
        <button type="button" className="btn btn-ghost btn-small" aria-label={t('workflow.condition.removeRule')} onClick={onRemove}>
          ×
        </button>
      )}
    </div>
  );
}

interface GroupProps {
  group: Group;
  path: Path;
  choices: readonly FieldChoice[];
  onChange(fn: (g: Group) => Group, discrete: boolean): void;
  readOnly?: boolean;
  testId: string;
}

function GroupView({ group, path, choices, onChange, readOnly, testId }: GroupProps) {
  const { t } = useTranslation();
  // A pick (field, operator, join, add, remove) is one undo step; typing a value folds into one.
  const at = (p: Path, fn: (item: Rule | Group) => Rule | Group | undefined, discrete = true) =>
    onChange((root) => (p.length === 0 ? (fn(root) as Group) : updateAt(root, p, fn)), discrete);
  return (
    <div className={`wf-group${path.length ? ' wf-group--nested' : ''}`}>
      <div className="wf-group__head">
        <select aria-label={t('workflow.condition.join')} disabled={readOnly} value={group.join} data-testid={`${testId}-join`} onChange={(e) => at(path, (g) => ({ ...(g as Group), join: e.target.value as Group['join'] }))}>
          <option value="and">{t('workflow.condition.all')}</option>
          <option value="or">{t('workflow.condition.any')}</option>
        </select>
        {path.length > 0 && !readOnly && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => at(path, () => undefined)}>
            {t('workflow.condition.removeGroup')}
          </button>
        )}
      </div>
      {group.items.map((item, i) =>
        item.kind === 'rule' ? (
          <RuleRow
            key={i}
            rule={item}
            choices={choices}
            readOnly={readOnly}
            testId={`${testId}-rule-${[...path, i].join('-')}`}
            onChange={(r, typed) => at([...path, i], () => r, !typed)}
            onRemove={() => at([...path, i], () => undefined)}
          />
        ) : (
          <GroupView key={i} group={item} path={[...path, i]} choices={choices} onChange={onChange} readOnly={readOnly} testId={testId} />
        ),
      )}
      {!readOnly && (
        <div className="wf-group__actions">
          <button type="button" className="btn btn-small" data-testid={`${testId}-add-rule-${path.join('-') || 'root'}`} onClick={() => at(path, (g) => ({ ...(g as Group), items: [...(g as Group).items, newRule(choices)] }))}>
            {t('workflow.condition.addRule')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => at(path, (g) => ({ ...(g as Group), items: [...(g as Group).items, { kind: 'group', join: (g as Group).join === 'and' ? 'or' : 'and', items: [newRule(choices)] }] }))}
          >
            {t('workflow.condition.addGroup')}
          </button>
        </div>
      )}
    </div>
  );
}

export function ConditionBuilder({ label, value, onChange, onBlur, readOnly, testId, expect = 'boolean' }: Props) {
  const { t } = useTranslation();
  const { form } = useWorkflowDesigner();
  const definition = useWorkflowEditor((s) => s.definition);
  const choices = useMemo(() => conditionFields(form, definition), [form, definition]);
  // The builder keeps its own (unnormalized) model so an empty new group stays on screen;
  // it re-reads the text whenever the text changes from elsewhere (undo, the JSON view).
  const [local, setLocal] = useState<{ text: string; model: Group | undefined }>(() => ({ text: value, model: parseCondition(value) }));
  const current = local.text === value ? local : { text: value, model: parseCondition(value) };
  if (current !== local) setLocal(current);
  const [raw, setRaw] = useState(current.model === undefined);
  const fits = current.model !== undefined;
  const mode = raw || !fits ? 'raw' : 'builder';

  const change = (fn: (g: Group) => Group, discrete: boolean) => {
    const model = fn(current.model ?? { kind: 'group', join: 'and', items: [] });
    const text = toExpression(model);
    setLocal({ text, model });
    if (discrete) onBlur?.();
    onChange(text);
    if (discrete) onBlur?.();
  };

  return (
    <div className="wf-field wf-condition" data-testid={testId}>
      <div className="wf-condition__head">
        <span className="wf-condition__label">{label}</span>
        <div className="segmented" role="group" aria-label={t('workflow.condition.mode')}>
          <button type="button" aria-pressed={mode === 'builder'} disabled={!fits} title={fits ? undefined : t('workflow.condition.tooComplex')} data-testid={`${testId}-mode-builder`} onClick={() => setRaw(false)}>
            {t('workflow.condition.builder')}
          </button>
          <button type="button" aria-pressed={mode === 'raw'} data-testid={`${testId}-mode-raw`} onClick={() => setRaw(true)}>
            {t('workflow.condition.raw')}
          </button>
        </div>
      </div>
      {mode === 'builder' && current.model ? (
        <>
          <GroupView group={current.model} path={[]} choices={choices} onChange={change} readOnly={readOnly} testId={testId} />
          <code className="wf-condition__preview" data-testid={`${testId}-preview`}>
            {value}
          </code>
        </>
      ) : (
        <>
          {!fits && <p className="muted wf-hint">{t('workflow.condition.tooComplex')}</p>}
          <ExpressionInput label={t('workflow.condition.expression')} value={value} expect={expect} readOnly={readOnly} testId={`${testId}-raw`} onChange={onChange} onBlur={onBlur} multiline />
        </>
      )}
    </div>
  );
}
