/**
 * Every built-in template passes both validation layers (shape and semantics, with
 * workflow expressions checked against the fields of the form they run on), through
 * the runtime's entry point and through the `branchline validate` CLI.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '@branchline/runtime';
import { BUILT_IN_TEMPLATES } from '@branchline/templates';
import type { FormDefinition } from '@branchline/schemas';

const root = resolve(__dirname, '..', '..');
const forms = new Map(BUILT_IN_TEMPLATES.flatMap((t) => (t.definition.kind === 'form' ? [[t.key, t.definition as FormDefinition] as const] : [])));

describe('built-in templates validate', () => {
  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))('%s: no problem in either layer', (_key, t) => {
    expect(validateDefinition(t, { resolveForm: (key) => forms.get(key) }).map((p) => `${p.pointer} ${p.code}: ${p.message.en}`)).toEqual([]);
  });

  it('with the CLI', () => {
    const files = BUILT_IN_TEMPLATES.map((t) => join('templates', `${t.key}.json`));
    const out = execFileSync(process.execPath, [join(root, 'server', 'bin', 'branchline.mjs'), 'validate', ...files], { cwd: root, encoding: 'utf8' });
    expect(out).toContain(`${files.length} valid, 0 invalid`);
  });
});
