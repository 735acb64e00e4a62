/**
 * Problems a run can fail with, each with a JSON pointer into the definition and a
 * message in zh-CN and en that a business user can act on.
 */
import { problem, type Problem } from '@branchline/schemas';
/** Where a problem arose: a node (its id and index in `nodes`). */
export interface At {
  readonly node: { readonly id: string };
  readonly index: number;
}

const nodeName = (cn: At) => `"${cn.node.id}"`;
const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export const runProblems = {
  expressionFailed(cn: At, pointer: string, cause: Problem): Problem {
    return problem(
      pointer,
      'workflow.expression_failed',
      `Step ${nodeName(cn)} stopped the run: its expression failed (${cause.message.en}). Fix the expression or the data it reads, then start the run again.`,
      `步骤 ${nodeName(cn)} 使流程停止：表达式出错（${cause.message['zh-CN']}）。请修正表达式或其读取的数据后重新启动流程。`,
      { nodeId: cn.node.id, cause: cause.code },
    );
  },
  expressionInvalid(cn: At, pointer: string, cause: Problem): Problem {
    return problem(
      pointer,
      'workflow.expression_invalid',
      `Step ${nodeName(cn)} has an expression that cannot run (${cause.message.en}). Correct it in the designer and publish a new version.`,
      `步骤 ${nodeName(cn)} 的表达式无法执行（${cause.message['zh-CN']}）。请在设计器中修正并发布新版本。`,
      { nodeId: cn.node.id, cause: cause.code },
    );
  },
  wrongType(cn: At, pointer: string, expected: string, expectedZh: string, value: unknown): Problem {
    return problem(
      pointer,
      'workflow.wrong_result_type',
      `Step ${nodeName(cn)} needs ${expected} from its expression but got ${show(value)}.`,
      `步骤 ${nodeName(cn)} 的表达式应返回${expectedZh}，实际得到 ${show(value)}。`,
      { nodeId: cn.node.id, expected, value: show(value) },
    );
  },
  noOwner(cn: At, pointer: string): Problem {
    return problem(
      pointer,
      'workflow.no_owner',
      `Step ${nodeName(cn)} assigns to the record's owner, but the record has none. Give the record an owner or assign to a role.`,
      `步骤 ${nodeName(cn)} 指派给记录负责人，但该记录没有负责人。请为记录指定负责人，或改为指派给角色。`,
      { nodeId: cn.node.id },
    );
  },
  badDuration(cn: At, pointer: string, value: unknown): Problem {
    return problem(
      pointer,
      'workflow.bad_duration',
      `Step ${nodeName(cn)} has no usable duration (${show(value)}); use an ISO 8601 duration such as PT4H or P1D.`,
      `步骤 ${nodeName(cn)} 的时长不可用（${show(value)}），请使用 ISO 8601 时长，例如 PT4H 或 P1D。`,
      { nodeId: cn.node.id },
    );
  },
  missingProperty(cn: At, pointer: string, property: string): Problem {
    return problem(
      pointer,
      'workflow.missing_property',
      `Step ${nodeName(cn)} needs "${property}" for its mode.`,
      `步骤 ${nodeName(cn)} 在当前模式下需要 "${property}"。`,
      { nodeId: cn.node.id, property },
    );
  },
  nodeMissing(nodeId: string): Problem {
    return problem(
      '/edges',
      'workflow.node_missing',
      `The run reached step "${nodeId}", which the definition does not have. Fix the edges and publish a new version.`,
      `流程运行到了不存在的步骤 "${nodeId}"。请修正连线后发布新版本。`,
      { nodeId },
    );
  },
  stepLimit(cn: At, limit: number): Problem {
    return problem(
      `/nodes/${cn.index}`,
      'workflow.step_limit',
      `The run passed ${limit} steps without waiting, last at ${nodeName(cn)}; a loop must pass a wait, task or approval step.`,
      `流程在未等待的情况下执行了 ${limit} 个步骤（最后在 ${nodeName(cn)}）；循环必须经过等待、任务或审批步骤。`,
      { nodeId: cn.node.id, limit },
    );
  },
};
