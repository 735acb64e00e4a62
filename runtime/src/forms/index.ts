/** The form engine: compile a definition once, then validate submissions and preview drafts. */
export { compileForm, type CompiledForm, type FormValidation, type FormPreview, type PreviewOptions } from './compile-form';
export { formScope, rowScope, fieldValueType } from './scope';
export { submissionSchema } from './json-schema';
export { checkPattern, type PatternVerdict } from './pattern';
export { topologicalOrder } from './dependencies';
export { renameFormField, renameFormColumn, type RenameOutcome } from './rename';
