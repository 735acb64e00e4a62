/**
 * Who a task, approval or notification goes to: a named user, the record's owner,
 * a role in the record's branch, round robin or least loaded among that role, or
 * the best match by a score expression over each rep (`rep.region`, `rep.openTasks` …).
 */
import { useTranslation } from 'react-i18next';
import { ASSIGNEE_STRATEGIES, type Assignee } from '@branchline/schemas';
import { ExpressionInput } from './ExpressionInput';
import { SelectInput, TextInput } from './fields';

type Strategy = Assignee['strategy'];

const DEFAULT_SCORE = '(rep.region == record.region ? 10 : 0) - rep.openTasks';

/** Switch strategy keeping what still applies (the role), with defaults for the rest. */
export function withStrategy(current: Assignee, strategy: Strategy): Assignee {
  const role = 'role' in current ? current.role : 'sales_rep';
  switch (strategy) {
    case 'user':
      return { strategy, userId: current.strategy === 'user' ? current.userId : 'user-id' };
    case 'owner':
      return { strategy };
    case 'best_match':
      return { strategy, role, score: current.strategy === 'best_match' ? current.score : DEFAULT_SCORE };
    default:
      return { strategy, role };
  }
}

export function AssigneeEditor({
  label,
  value,
  onChange,
  onBlur,
  readOnly,
  testId,
}: {
  label: string;
  value: Assignee;
  onChange(v: Assignee, field: string): void;
  onBlur?(): void;
  readOnly?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="wf-field wf-assignee">
      <legend>{label}</legend>
      <SelectInput<Strategy>
        label={t('workflow.assignee.strategy')}
        value={value.strategy}
        readOnly={readOnly}
        testId={`${testId}-strategy`}
        options={ASSIGNEE_STRATEGIES.map((s) => ({ value: s, label: t(`workflow.assignee.strategies.${s}`) }))}
        onChange={(s) => onChange(withStrategy(value, s), 'strategy')}
      />
      <p className="muted wf-hint">{t(`workflow.assignee.help.${value.strategy}`)}</p>
      {value.strategy === 'user' && (
        <TextInput label={t('workflow.assignee.userId')} value={value.userId} readOnly={readOnly} onBlur={onBlur} onChange={(userId) => onChange({ ...value, userId }, 'userId')} />
      )}
      {'role' in value && (
        <TextInput
          label={t('workflow.assignee.role')}
          value={value.role}
          readOnly={readOnly}
          testId={`${testId}-role`}
          onBlur={onBlur}
          onChange={(role) => onChange({ ...value, role }, 'role')}
        />
      )}
      {value.strategy === 'best_match' && (
        <ExpressionInput
          label={t('workflow.assignee.score')}
          value={value.score}
          expect="number"
          rep
          readOnly={readOnly}
          testId={`${testId}-score`}
          onBlur={onBlur}
          onChange={(score) => onChange({ ...value, score }, 'score')}
        />
      )}
    </fieldset>
  );
}
