// @vitest-environment jsdom
/**
 * The designer's live preview against the real store and the real runtime (run
 * in-thread: jsdom has no Worker). It starts once the designer has been painted —
 * so opening a large form shows the canvas first — and then computes as the user types.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { createI18n } from '../i18n';
import { EditorStoreProvider } from '../store/editor-context';
import { createFormStore } from '../store/form-store';
import { FormPreview } from './FormPreview';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'q',
  title: { en: 'Q' },
  fields: [
    { key: 'qty', type: 'number', label: { en: 'Qty' } },
    { key: 'twice', type: 'computed', label: { en: 'Twice' }, expression: 'qty * 2.0', resultType: 'number' },
  ],
};

describe('form preview', () => {
  afterEach(cleanup);

  it('waits for the first paint, then shows the form and computes as the user types', async () => {
    const store = createFormStore(form);
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <EditorStoreProvider store={store}>
          <FormPreview />
        </EditorStoreProvider>
      </I18nextProvider>,
    );
    expect(screen.getByText('Preparing the preview…')).toBeTruthy();
    expect(document.getElementById('preview-qty')).toBeNull();

    await screen.findByTestId('preview-status', undefined, { timeout: 10_000 });
    const qty = document.getElementById('preview-qty') as HTMLInputElement;
    expect(qty).not.toBeNull();
    act(() => {
      fireEvent.change(qty, { target: { value: '3' } });
    });
    expect((await screen.findByTestId('computed-twice', undefined, { timeout: 10_000 })).textContent).toContain('6');
  });
});
