// @vitest-environment jsdom
import { cleanup, render, screen, act } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { EditorStoreProvider, MISSING_PROVIDER_MESSAGE } from './editor-context';
import { createFormStore, useFormEditor } from './form-store';

const form: FormDefinition = { schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' }, fields: [{ key: 'a', type: 'text', label: { en: 'A' } }] };

function FieldCount() {
  const n = useFormEditor((s) => s.definition.fields.length);
  return <p>{`fields: ${n}`}</p>;
}

describe('editor store provider', () => {
  afterEach(cleanup);

  it('a component outside a provider fails with a message that says what to do', () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => render(<FieldCount />)).toThrow(MISSING_PROVIDER_MESSAGE);
    } finally {
      console.error = quiet;
    }
  });

  it('each provider hands down its own store, and components follow its edits', () => {
    const a = createFormStore(form);
    const b = createFormStore(form);
    render(
      <>
        <EditorStoreProvider store={a}>
          <FieldCount />
        </EditorStoreProvider>
        <EditorStoreProvider store={b}>
          <FieldCount />
        </EditorStoreProvider>
      </>,
    );
    act(() => void a.getState().apply({ type: 'field.add', field: { key: 'b', type: 'email', label: { en: 'B' } } }));
    expect(screen.getAllByText(/fields:/).map((p) => p.textContent)).toEqual(['fields: 2', 'fields: 1']);
  });
});
