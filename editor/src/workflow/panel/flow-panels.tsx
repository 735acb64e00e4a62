/**
 * Property panels of the nodes that route and compute: condition, switch, set,
 * score, split, end.
 */
import { useTranslation } from 'react-i18next';
import type { NodeKind, NodeOfKind } from '@branchline/schemas';
import { useWorkflowDesigner } from '../designer-context';
import { uniqueId } from '../model/node-factory';
import { evenShares, splitCheck } from '../model/split';
import { ConditionBuilder } from './ConditionBuilder';
import { ExpressionInput } from './ExpressionInput';
import { CheckboxInput, LocalizedInput, NumberInput, Section, SelectInput, TextInput } from './fields';

export interface KindPanelProps<K extends NodeKind> {
  readonly node: NodeOfKind<K>;
  update(next: NodeOfKind<K>, field: string): void;
  mark(): void;
  readonly readOnly: boolean;
}

type Target = 'record' | 'vars';

function ListButtons({ onUp, onDown, onRemove, readOnly, canRemove }: { onUp?: () => void; onDown?: () => void; onRemove: () => void; readOnly: boolean; canRemove: boolean }) {
  const { t } = useTranslation();
  if (readOnly) return null;
  return (
    <span className="wf-list-buttons">
      {onUp && (
        <button type="button" className="btn btn-ghost btn-small" aria-label={t('workflow.panel.moveUp')} onClick={onUp}>
          ↑
        </button>
      )}
      {onDown && (
        <button type="button" className="btn btn-ghost btn-small" aria-label={t('workflow.panel.moveDown')} onClick={onDown}>
          ↓
        </button>
      )}
      <button type="button" className="btn btn-ghost btn-small" aria-label={t('workflow.panel.remove')} disabled={!canRemove} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

function swap<T>(list: readonly T[], i: number, j: number): T[] {
  const out = list.slice();
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

export function ConditionPanel({ node, update, mark, readOnly }: KindPanelProps<'condition'>) {
  const { t } = useTranslation();
  return (
    <Section title={t('workflow.panel.condition')}>
      <ConditionBuilder label={t('workflow.panel.when')} value={node.expression} readOnly={readOnly} testId="wf-condition" onBlur={mark} onChange={(expression) => update({ ...node, expression }, 'expression')} />
      <p className="muted wf-hint">{t('workflow.panel.conditionPorts')}</p>
    </Section>
  );
}

export function SwitchPanel({ node, update, mark, readOnly }: KindPanelProps<'switch'>) {
  const { t } = useTranslation();
  const setCases = (cases: typeof node.cases, field: string) => update({ ...node, cases }, field);
  const add = () => {
    const id = uniqueId(`case_${node.cases.length + 1}`, new Set(node.cases.map((c) => c.id)));
    setCases([...node.cases, { id, label: { 'zh-CN': `情况 ${node.cases.length + 1}`, en: `Case ${node.cases.length + 1}` }, when: 'true' }], 'cases');
  };
  return (
    <Section
      title={t('workflow.panel.cases')}
      actions={
        !readOnly && (
          <button type="button" className="btn btn-small" data-testid="wf-switch-add" onClick={add} disabled={node.cases.length >= 50}>
            {t('workflow.panel.addCase')}
          </button>
        )
      }
    >
      <p className="muted wf-hint">{t('workflow.panel.switchHelp')}</p>
      {node.cases.map((c, i) => (
        <div className="wf-list-item" key={c.id}>
          <div className="wf-list-item__head">
            <code>{c.id}</code>
            <ListButtons
              readOnly={readOnly}
              canRemove={node.cases.length > 1}
              onUp={i > 0 ? () => setCases(swap(node.cases, i, i - 1), 'cases') : undefined}
              onDown={i < node.cases.length - 1 ? () => setCases(swap(node.cases, i, i + 1), 'cases') : undefined}
              onRemove={() => setCases(node.cases.filter((_, j) => j !== i), 'cases')}
            />
          </div>
          <LocalizedInput label={t('workflow.panel.caseLabel')} value={c.label} readOnly={readOnly} onBlur={mark} onChange={(label) => setCases(node.cases.map((x, j) => (j === i ? (label ? { ...x, label } : { id: x.id, when: x.when }) : x)), `cases/${i}/label`)} />
          <ConditionBuilder label={t('workflow.panel.when')} value={c.when} readOnly={readOnly} testId={`wf-case-${i}`} onBlur={mark} onChange={(when) => setCases(node.cases.map((x, j) => (j === i ? { ...x, when } : x)), `cases/${i}/when`)} />
        </div>
      ))}
      <p className="muted wf-hint">{t('workflow.panel.defaultPort')}</p>
    </Section>
  );
}

function TargetKey({ target, keyName, onChange, readOnly, mark, testId }: { target: Target; keyName: string; onChange(t: Target, key: string): void; readOnly: boolean; mark(): void; testId: string }) {
  const { t } = useTranslation();
  const { form } = useWorkflowDesigner();
  const fields = form?.fields.filter((f) => f.type !== 'computed' && f.type !== 'table') ?? [];
  return (
    <div className="wf-row">
      <SelectInput<Target>
        label={t('workflow.panel.target')}
        value={target}
        readOnly={readOnly}
        options={[
          { value: 'vars', label: t('workflow.panel.targetVars') },
          { value: 'record', label: t('workflow.panel.targetRecord') },
        ]}
        onChange={(v) => onChange(v, keyName)}
      />
      {target === 'record' && fields.length > 0 ? (
        <SelectInput label={t('workflow.panel.key')} value={keyName} readOnly={readOnly} options={[...(fields.some((f) => f.key === keyName) ? [] : [{ value: keyName, label: keyName }]), ...fields.map((f) => ({ value: f.key, label: f.key }))]} onChange={(k) => onChange(target, k)} />
      ) : (
        <TextInput label={t('workflow.panel.key')} value={keyName} readOnly={readOnly} testId={testId} onBlur={mark} onChange={(k) => onChange(target, k)} />
      )}
    </div>
  );
}

export function SetPanel({ node, update, mark, readOnly }: KindPanelProps<'set'>) {
  const { t } = useTranslation();
  const set = (assignments: typeof node.assignments, field: string) => update({ ...node, assignments }, field);
  return (
    <Section
      title={t('workflow.panel.assignments')}
      actions={
        !readOnly && (
          <button type="button" className="btn btn-small" onClick={() => set([...node.assignments, { target: 'vars', key: `value_${node.assignments.length + 1}`, expression: '0' }], 'assignments')}>
            {t('workflow.panel.addAssignment')}
          </button>
        )
      }
    >
      {node.assignments.map((a, i) => (
        <div className="wf-list-item" key={i}>
          <div className="wf-list-item__head">
            <code>
              {a.target}.{a.key}
            </code>
            <ListButtons readOnly={readOnly} canRemove={node.assignments.length > 1} onRemove={() => set(node.assignments.filter((_, j) => j !== i), 'assignments')} />
          </div>
          <TargetKey target={a.target} keyName={a.key} readOnly={readOnly} mark={mark} testId={`wf-set-key-${i}`} onChange={(target, key) => set(node.assignments.map((x, j) => (j === i ? { ...x, target, key } : x)), `assignments/${i}/key`)} />
          <ExpressionInput label={t('workflow.panel.value')} value={a.expression} readOnly={readOnly} testId={`wf-set-expr-${i}`} onBlur={mark} onChange={(expression) => set(node.assignments.map((x, j) => (j === i ? { ...x, expression } : x)), `assignments/${i}/expression`)} />
        </div>
      ))}
    </Section>
  );
}

export function ScorePanel({ node, update, mark, readOnly }: KindPanelProps<'score'>) {
  const { t } = useTranslation();
  const setFactors = (factors: typeof node.factors, field: string) => update({ ...node, factors }, field);
  const bound = (key: 'min' | 'max', v: number | undefined) => {
    const next = { ...node };
    if (v === undefined) delete next[key];
    else next[key] = v;
    update(next, key);
  };
  return (
    <>
      <Section title={t('workflow.panel.scoreTarget')}>
        <TargetKey target={node.target.target} keyName={node.target.key} readOnly={readOnly} mark={mark} testId="wf-score-key" onChange={(target, key) => update({ ...node, target: { target, key } }, 'target')} />
        <div className="wf-row">
          <NumberInput label={t('workflow.panel.min')} value={node.min} readOnly={readOnly} onBlur={mark} onChange={(v) => bound('min', v)} />
          <NumberInput label={t('workflow.panel.max')} value={node.max} readOnly={readOnly} onBlur={mark} onChange={(v) => bound('max', v)} />
        </div>
      </Section>
      <Section
        title={t('workflow.panel.factors')}
        actions={
          !readOnly && (
            <button type="button" className="btn btn-small" onClick={() => setFactors([...node.factors, { id: uniqueId(`factor_${node.factors.length + 1}`, new Set(node.factors.map((f) => f.id))), expression: '0', weight: 1 }], 'factors')}>
              {t('workflow.panel.addFactor')}
            </button>
          )
        }
      >
        <p className="muted wf-hint">{t('workflow.panel.scoreHelp')}</p>
        {node.factors.map((f, i) => (
          <div className="wf-list-item" key={f.id}>
            <div className="wf-list-item__head">
              <code>{f.id}</code>
              <ListButtons readOnly={readOnly} canRemove={node.factors.length > 1} onRemove={() => setFactors(node.factors.filter((_, j) => j !== i), 'factors')} />
            </div>
            <LocalizedInput label={t('workflow.panel.factorLabel')} value={f.label} readOnly={readOnly} onBlur={mark} onChange={(label) => setFactors(node.factors.map((x, j) => (j === i ? (label ? { ...x, label } : { id: x.id, expression: x.expression, weight: x.weight }) : x)), `factors/${i}/label`)} />
            <ExpressionInput label={t('workflow.panel.factorExpression')} value={f.expression} expect="number" readOnly={readOnly} onBlur={mark} onChange={(expression) => setFactors(node.factors.map((x, j) => (j === i ? { ...x, expression } : x)), `factors/${i}/expression`)} />
            <NumberInput label={t('workflow.panel.weight')} value={f.weight} step={0.1} readOnly={readOnly} onBlur={mark} onChange={(w) => setFactors(node.factors.map((x, j) => (j === i ? { ...x, weight: w ?? 0 } : x)), `factors/${i}/weight`)} />
          </div>
        ))}
      </Section>
    </>
  );
}

export function SplitPanel({ node, update, mark, readOnly }: KindPanelProps<'split'>) {
  const { t } = useTranslation();
  const check = splitCheck(node.arms);
  const setArms = (arms: typeof node.arms, field: string) => update({ ...node, arms }, field);
  // At most one control arm: choosing one clears the others.
  const setControl = (i: number, on: boolean) =>
    setArms(
      node.arms.map((x, j) => {
        const { control: _control, ...rest } = x;
        return j === i && on ? { ...rest, control: true } : j === i || on ? rest : x;
      }),
      'arms',
    );
  const add = () => {
    const id = uniqueId(`arm_${String.fromCharCode(97 + node.arms.length)}`, new Set(node.arms.map((a) => a.id)));
    setArms([...node.arms, { id, percent: 0 }], 'arms');
  };
  return (
    <Section
      title={t('workflow.panel.arms')}
      actions={
        !readOnly && (
          <span>
            <button type="button" className="btn btn-small" onClick={add} disabled={node.arms.length >= 10}>
              {t('workflow.panel.addArm')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setArms(node.arms.map((a, i) => ({ ...a, percent: evenShares(node.arms.length)[i]! })), 'arms')}>
              {t('workflow.panel.balance')}
            </button>
          </span>
        )
      }
    >
      <p className="muted wf-hint">{t('workflow.panel.splitHelp')}</p>
      {node.arms.map((a, i) => (
        <div className="wf-list-item" key={a.id}>
          <div className="wf-list-item__head">
            <code>{a.id}</code>
            <ListButtons readOnly={readOnly} canRemove={node.arms.length > 2} onRemove={() => setArms(node.arms.filter((_, j) => j !== i), 'arms')} />
          </div>
          <LocalizedInput label={t('workflow.panel.armLabel')} value={a.label} readOnly={readOnly} onBlur={mark} onChange={(label) => setArms(node.arms.map((x, j) => (j === i ? (label ? { ...x, label } : { id: x.id, percent: x.percent, ...(x.control ? { control: true } : {}) }) : x)), `arms/${i}/label`)} />
          <div className="wf-row">
            <NumberInput label={t('workflow.panel.percent')} value={a.percent} min={0} max={100} readOnly={readOnly} testId={`wf-split-percent-${i}`} onBlur={mark} onChange={(p) => setArms(node.arms.map((x, j) => (j === i ? { ...x, percent: p ?? 0 } : x)), `arms/${i}/percent`)} />
            <CheckboxInput
              label={t('workflow.panel.control')}
              checked={!!a.control}
              readOnly={readOnly}
              onChange={(on) => setControl(i, on)}
            />
          </div>
        </div>
      ))}
      <p className={check.ok ? 'wf-split-total' : 'wf-split-total is-invalid'} role={check.ok ? undefined : 'alert'} data-testid="wf-split-total">
        {t('workflow.panel.splitTotal', { total: check.total })}
        {check.total !== 100 && ` — ${t('workflow.panel.splitMust100')}`}
        {check.controls > 1 && ` — ${t('workflow.panel.splitOneControl')}`}
      </p>
    </Section>
  );
}

export function EndPanel({ node, update, mark, readOnly }: KindPanelProps<'end'>) {
  const { t } = useTranslation();
  const valid = !node.outcome || /^[a-z][a-z0-9_]{0,31}$/.test(node.outcome);
  return (
    <Section title={t('workflow.panel.end')}>
      <TextInput
        label={t('workflow.panel.outcome')}
        value={node.outcome ?? ''}
        readOnly={readOnly}
        placeholder="completed"
        invalid={valid ? undefined : t('workflow.panel.outcomeFormat')}
        onBlur={mark}
        onChange={(outcome) => update(outcome ? { ...node, outcome } : { id: node.id, kind: 'end', ...(node.title ? { title: node.title } : {}), ...(node.description ? { description: node.description } : {}) }, 'outcome')}
      />
    </Section>
  );
}
