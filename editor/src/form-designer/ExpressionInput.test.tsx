// @vitest-environment jsdom
/**
 * Accepting a completion in the middle of an expression puts the caret right after the
 * inserted name in the same commit — before the next key can arrive. (It used to be placed
 * a frame later, so a fast typist's next characters landed at the end of the text and the
 * caret then jumped back over them.)
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, expect, it } from 'vitest';
import { formScope } from '@branchline/runtime';
import type { FormDefinition } from '@branchline/schemas';
import { createI18n } from '../i18n';
import { ExpressionInput } from './ExpressionInput';

const form: FormDefinition = {
  schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' },
  fields: [
    { key: 'number', type: 'number', label: { en: 'Number' } },
    { key: 'amount', type: 'number', label: { en: 'Amount' } },
  ],
};

function Host() {
  const [value, setValue] = useState('nu + amount');
  return (
    <ExpressionInput label="Expression" value={value} onChange={setValue} scope={formScope(form)} fields={[{ key: 'number', detail: 'number' }, { key: 'amount', detail: 'number' }]} />
  );
}

afterEach(cleanup);

it('places the caret after the accepted name at once, also mid-text', () => {
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <Host />
    </I18nextProvider>,
  );
  const box = screen.getByRole('combobox', { name: 'Expression' }) as HTMLTextAreaElement;
  // The user types the m of "num" at the start: the list opens for the word at the caret.
  fireEvent.change(box, { target: { value: 'num + amount', selectionStart: 3, selectionEnd: 3 } });
  act(() => {
    fireEvent.keyDown(box, { key: 'Enter' });
  });
  // No animation frame has run: the caret must already be after "number".
  expect(box.value).toBe('number + amount');
  expect([box.selectionStart, box.selectionEnd]).toEqual([6, 6]);
});
