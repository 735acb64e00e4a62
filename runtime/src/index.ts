/**
 * @branchline/runtime — the pure engine: expressions, forms, workflows, templates,
 * definition validation. A plain list of re-exports; each part adds its own lines.
 */
export * from './workflow';
export { validateWorkflowSemantics, type WorkflowValidationOptions } from './validate/workflow';
export * from './templates';
export { validateDefinition, type ValidateOptions } from './validate';
export * from './expressions';
export * from './forms';
export { validateFormSemantics, checkCycles } from './validate/form';
export { RESERVED_KEYS } from './validate/form-structure';
