/**
 * `branchline validate` as a team would run it in its own CI (issue 2, "Done when").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'server', 'bin', 'branchline.mjs');
const work = mkdtempSync(join(tmpdir(), 'branchline-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'validate', '--lang', 'en', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}
function file(name: string, content: string): string {
  const p = join(work, name);
  writeFileSync(p, content);
  return p;
}
const validForm = readFileSync(join(__dirname, 'fixtures/definitions/valid/all-field-types.form.json'), 'utf8');

describe('branchline validate', () => {
  it('refuses a truncated file, saying where it ends', () => {
    const r = cli(file('truncated.json', validForm.slice(0, validForm.length / 2)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/invalid_json/);
    expect(r.out).toMatch(/line \d+, column \d+/);
  });

  it('refuses an unknown node kind with a dangling edge, with a pointer to each', () => {
    const wf = {
      schemaVersion: 1, kind: 'workflow', key: 'broken', title: { en: 'Broken' }, trigger: { type: 'manual' }, start: 'a',
      nodes: [{ id: 'a', kind: 'teleport' }, { id: 'b', kind: 'end' }],
      edges: [{ id: 'e1', from: 'a', to: 'b' }, { id: 'e2', from: 'b', to: 'ghost' }],
    };
    const r = cli(file('broken.workflow.json', JSON.stringify(wf)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\/nodes\/0\/kind\s+unknown_variant/);
    expect(r.out).toMatch(/\/edges\/1\/to\s+\w+.*ghost/);
  });

  it('refuses a form with a duplicate key and a computed field naming a missing field', () => {
    const form = {
      schemaVersion: 1, kind: 'form', key: 'dup', title: { en: 'Dup' },
      fields: [
        { key: 'name', type: 'text', label: { en: 'Name' } },
        { key: 'name', type: 'text', label: { en: 'Name again' } },
        { key: 'total', type: 'computed', label: { en: 'Total' }, expression: 'amount * 2', resultType: 'number' },
      ],
    };
    const r = cli(file('dup.form.json', JSON.stringify(form)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\/fields\/1\/key\s+\w+/);
    expect(r.out).toMatch(/\/fields\/2\/expression\s+\w+.*amount/);
  });

  it('refuses a file that is not there and one that is not a definition', () => {
    expect(cli(join(work, 'nope.json')).code).toBe(1);
    expect(cli(file('array.json', '[1,2]')).code).toBe(1);
  });

  it('accepts every built-in template and the valid fixtures, exit 0', () => {
    const builtIns = readdirSync(join(root, 'templates'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json') && !f.includes('node_modules') && f !== 'package.json')
      .map((f) => join(root, 'templates', f));
    expect(builtIns.length).toBeGreaterThanOrEqual(6);
    const fixtures = readdirSync(join(__dirname, 'fixtures/definitions/valid')).map((f) => join(__dirname, 'fixtures/definitions/valid', f));
    const r = cli(...builtIns, ...fixtures);
    expect(r.out).not.toMatch(/✗/);
    expect(r.code).toBe(0);
  });

  it('speaks Chinese when asked', () => {
    const r = spawnSync(process.execPath, [bin, 'validate', '--lang', 'zh-CN', file('t2.json', '{"kind":')], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toMatch(/不是有效的 JSON/);
  });
});
