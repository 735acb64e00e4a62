/**
 * Branchline's expression language: CEL (via @marcbachmann/cel-js) with business
 * functions, static checks in zh-CN and en, and a bounded sandbox.
 * See docs/expressions.md and docs/decisions/0001-expression-language.md.
 */
export * from './types';
export { compileExpression, valueTypeOf } from './compile';
export { EXPRESSION_FUNCTIONS, type ExpressionFunctionDoc } from './function-docs';
export { roundTo } from './functions';
export { parseIsoMillis, isoDate, isoDateTime } from './dates';
export { suggest, editDistance } from './suggest';
export * as EXPRESSION_LIMITS from './limits';
export { renameInExpression, type RenameSpec, type RenameResult } from './rename';
