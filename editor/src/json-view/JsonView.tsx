/**
 * The definition as JSON in Monaco, validated and completed against the
 * definition's JSON Schema, in two-way sync with the visual designer: a valid edit
 * here replaces the definition as one undoable step; an invalid one shows markers
 * and leaves the designer's definition untouched; any change in the store (the
 * designer, undo, redo) shows up here.
 */
import { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messageText } from '../i18n/localized';
import { useEditorStoreApi } from '../store/editor-context';
import type { Refusal } from '../store/editor-store';
import { deepEqual } from '../store/form-edits';
import type { Definition } from '../api/types';
import { decideJsonEdit, toJsonText, type JsonDecision } from './json-sync';
import { monaco } from './monaco-setup';

const SCHEMAS = { form: FormDefinition, workflow: WorkflowDefinition } as const;
let modelSeq = 0;

export default function JsonView({ kind }: { kind: 'form' | 'workflow' }) {
  const { t, i18n } = useTranslation();
  const store = useEditorStoreApi<Definition, { type: string }>();
  const host = useRef<HTMLDivElement>(null);
  // 'refused': the text has the definition's shape, but the store's guard (HQ's locks) refused it.
  const [status, setStatus] = useState<JsonDecision | { action: 'refused'; reasons: Refusal['reasons'] } | null>(null);

  useEffect(() => {
    const schema = SCHEMAS[kind];
    const uri = monaco.Uri.parse(`inmemory://branchline/definition-${++modelSeq}.${kind}.json`);
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      enableSchemaRequest: false,
      schemaValidation: 'error',
      schemas: [{ uri: String(schema.$id ?? `https://branchline.dev/schemas/${kind}.json`), fileMatch: [`*.${kind}.json`], schema: JSON.parse(JSON.stringify(schema)) }],
    });
    const model = monaco.editor.createModel(toJsonText(store.getState().definition), 'json', uri);
    const editor = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      readOnly: store.getState().readOnly,
      ariaLabel: t('json.ariaLabel'),
      fixedOverflowWidgets: true,
    });

    let fromStore = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sync = () => {
      timer = undefined;
      const decision = decideJsonEdit(model.getValue(), kind, store.getState().definition);
      if (decision.action === 'apply' && !store.getState().apply({ type: 'definition.replace', definition: decision.definition } as { type: string })) {
        const refusal = store.getState().refusal;
        if (refusal) return setStatus({ action: 'refused', reasons: refusal.reasons });
      }
      setStatus(decision);
    };
    const typing = model.onDidChangeContent(() => {
      if (fromStore) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(sync, 350);
    });
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.definition === prev.definition) return;
      let shown: unknown;
      try {
        shown = JSON.parse(model.getValue());
      } catch {
        shown = undefined;
      }
      if (deepEqual(shown, state.definition)) return;
      fromStore = true;
      // An edit, not setValue: Monaco's own undo stack and the cursor survive.
      editor.executeEdits('store', [{ range: model.getFullModelRange(), text: toJsonText(state.definition) }]);
      editor.pushUndoStop();
      fromStore = false;
      setStatus(null);
    });
    return () => {
      if (timer) {
        clearTimeout(timer);
        sync();
      }
      unsubscribe();
      typing.dispose();
      editor.dispose();
      model.dispose();
    };
    // The editor lives as long as the view; language changes only relabel the status line.
  }, [store, kind]);

  return (
    <div className="json-view">
      <p className="json-status" role="status" aria-live="polite" data-testid="json-status" data-state={status?.action ?? 'idle'}>
        {status === null && t('json.hint')}
        {status?.action === 'apply' && t('json.applied')}
        {status?.action === 'unchanged' && t('json.unchanged')}
        {status?.action === 'invalid-json' && t('json.invalidJson')}
        {status?.action === 'refused' &&
          t('json.refused', { count: status.reasons.length, first: `${status.reasons[0]?.pointer ?? ''} ${status.reasons[0] ? messageText(status.reasons[0].message, i18n.language) : ''}`.trim() })}
        {status?.action === 'invalid-shape' &&
          t('json.invalidShape', { count: status.problems.length, first: `${status.problems[0]!.pointer} ${messageText(status.problems[0]!.message, i18n.language)}` })}
      </p>
      <div ref={host} className="json-editor" data-testid="json-editor" />
    </div>
  );
}
