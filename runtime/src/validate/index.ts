/**
 * Definition validation in two layers, one function for the server, the editor and
 * the CLI: the JSON Schema shape first (ajv), then semantic checks per kind. Every
 * problem names a JSON pointer into the document and says, in zh-CN and en, what to
 * do. Invalid definitions are data: this never throws.
 *
 * @example
 * const problems = validateDefinition(JSON.parse(text), { resolveForm: (key) => forms.get(key) });
 * if (problems.length === 0) publish();
 */
import { documentKindOf, problem, validateShape, type FormDefinition, type Problem, type Template, type WorkflowDefinition } from '@branchline/schemas';
import { validateFormSemantics } from './form';
import { validateWorkflowSemantics } from './workflow';
import { validateTemplateSemantics } from './template';
import type { ValidateOptions } from './options';
import { tolerantReferenceProblems } from './references';

export type { ValidateOptions };

export function validateDefinition(doc: unknown, options: ValidateOptions = {}): Problem[] {
  try {
    return validateUnsafe(doc, options);
  } catch (error) {
    // A bug in a checker must not turn a user's bad document into a crash.
    return [problem('', 'internal_check_failed', `The definition could not be checked: ${String(error)}`, `无法检查该定义：${String(error)}`)];
  }
}

function validateUnsafe(doc: unknown, options: ValidateOptions): Problem[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return [problem('', 'not_an_object', 'A definition must be a JSON object with a "kind".', '定义必须是带有 "kind" 的 JSON 对象。')];
  }
  const kind = documentKindOf(doc);
  if (!kind) {
    return [problem('/kind', 'unknown_kind', '"kind" must be one of form, workflow, template, overlay.', '"kind" 必须是 form、workflow、template、overlay 之一。', { value: (doc as { kind?: unknown }).kind })];
  }
  const shape = validateShape(kind, doc);
  if (shape.length > 0) return [...shape, ...tolerantReferenceProblems(doc as Record<string, unknown>)];
  switch (kind) {
    case 'form':
      return validateFormSemantics(doc as FormDefinition);
    case 'workflow': {
      const wf = doc as WorkflowDefinition;
      const formKey = 'form' in wf.trigger ? wf.trigger.form : undefined;
      return validateWorkflowSemantics(wf, { form: formKey ? options.resolveForm?.(formKey) : undefined });
    }
    case 'template':
      return validateTemplateSemantics(doc as Template, options);
    case 'overlay':
      return [];
  }
}
