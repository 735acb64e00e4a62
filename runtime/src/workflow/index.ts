/**
 * The workflow engine: run-state shapes, the pure interpreter, compilation of a
 * definition, stable hashing for splits and version rollouts, ISO durations.
 * See docs/workflows.md.
 */
export * from './types';
export { startRun, step } from './interpreter';
export { compileWorkflow, DEFAULT_PORT, type CompiledWorkflow, type CompiledNode, type CompiledSlot } from './compile';
export { chooseVersion, bucketOf, fnv1a, pickByPercent, type RolloutShare } from './hash';
export { parseDuration, hoursToMs } from './duration';
export { rolesUsed, expressionSlots, triggerSlots, assigneesOf, type ExpressionSlot } from './slots';
export { workflowScope, bestMatchScope, recordType, varsType, repType, type WorkflowScopeOptions } from './scope';
export { evaluateTrigger, type TriggerInput, type TriggerResult } from './trigger';
export { repOf } from './assign';
export { DEFAULT_RETRY, toEpochMs } from './nodes-work';
export { STEP_LIMIT } from './context';
export { portsOf, requiredPortsOf, isWaitingNode } from './ports';
export { arrayDirectory } from './directory';
export { renameWorkflowField, type WorkflowRenameOutcome } from './rename';
