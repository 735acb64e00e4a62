// @vitest-environment jsdom
/**
 * Ctrl+Z / Ctrl+Shift+Z undo and redo the designer's store from anywhere on the page
 * — also while typing in a property field — but not inside Monaco or a field that
 * does not edit the definition (a dry run's sample record), which keep their own undo.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { createFormStore } from '../store/form-store';
import { undoKeyAction, useUndoKeys } from './use-undo-keys';

const form: FormDefinition = { schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' }, fields: [{ key: 'a', type: 'text', label: { en: 'A' } }] };

function Host({ store }: { store: ReturnType<typeof createFormStore> }) {
  useUndoKeys(store);
  return (
    <div>
      <input data-testid="prop" />
      <div data-native-undo>
        <textarea data-testid="sample" />
      </div>
    </div>
  );
}

const press = (el: Element, init: KeyboardEventInit) => el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

afterEach(cleanup);

describe('undo keys', () => {
  it('maps Ctrl/⌘+Z, Ctrl+Shift+Z and Ctrl+Y', () => {
    expect(undoKeyAction({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false })).toBe('undo');
    expect(undoKeyAction({ key: 'Z', ctrlKey: false, metaKey: true, shiftKey: true, altKey: false })).toBe('redo');
    expect(undoKeyAction({ key: 'y', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false })).toBe('redo');
    expect(undoKeyAction({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false, altKey: true })).toBeNull();
    expect(undoKeyAction({ key: 'z', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false })).toBeNull();
  });

  it('undoes the store from a property field, but leaves a sample field its own undo', () => {
    const store = createFormStore(form);
    store.getState().apply({ type: 'field.update', key: 'a', set: { required: true } });
    const { getByTestId } = render(<Host store={store} />);
    const sample = getByTestId('sample');
    const notCancelled = press(sample, { key: 'z', ctrlKey: true });
    expect(notCancelled).toBe(true); // the browser undoes the typing there
    expect(store.getState().definition.fields[0]).toMatchObject({ required: true });
    press(getByTestId('prop'), { key: 'z', ctrlKey: true });
    expect(store.getState().definition.fields[0]).not.toHaveProperty('required');
    press(getByTestId('prop'), { key: 'z', ctrlKey: true, shiftKey: true });
    expect(store.getState().definition.fields[0]).toMatchObject({ required: true });
  });
});
