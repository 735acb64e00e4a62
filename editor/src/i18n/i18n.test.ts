/**
 * Every visible text is translated: zh-CN and en have exactly the same keys, no
 * empty strings, the same {{placeholders}}, and every key the source asks for with
 * a literal `t('…')` exists. Keys built at run time (`t(`fieldTypes.${type}`)`)
 * are checked through the lists they come from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { FIELD_TYPES } from '@branchline/schemas';
import en from './en.json';
import zhCN from './zh-CN.json';
import { ROLES } from '../api/types';
import { FIELD_GROUPS } from '../form-designer/field-types';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const EN = flatten(en as Tree);
const ZH = flatten(zhCN as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.test.tsx') ? [p] : [];
  });
}

describe('UI translations', () => {
  it('zh-CN and en have the same keys', () => {
    expect([...ZH.keys()].filter((k) => !EN.has(k))).toEqual([]);
    expect([...EN.keys()].filter((k) => !ZH.has(k))).toEqual([]);
  });

  it('no text is empty and placeholders match', () => {
    for (const [k, v] of EN) {
      expect(v.trim(), k).not.toBe('');
      expect(ZH.get(k)!.trim(), k).not.toBe('');
      expect(placeholders(ZH.get(k)!), k).toEqual(placeholders(v));
    }
  });

  it('every literal key used in the source exists', () => {
    const missing: string[] = [];
    for (const file of sources(join(__dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g)) if (!EN.has(m[1]!)) missing.push(`${file.split('/src/')[1]}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('keys built from lists exist for every member', () => {
    for (const type of FIELD_TYPES) expect(EN.has(`fieldTypes.${type}`), type).toBe(true);
    for (const role of ROLES) expect(EN.has(`roles.${role}`), role).toBe(true);
    for (const g of FIELD_GROUPS) expect(EN.has(`palette.groups.${g.id}`), g.id).toBe(true);
  });
});

/**
 * Visible words written straight into the markup bypass t() and stay English in
 * zh-CN. Words in JSX text, and in the attributes people see or hear (aria-label,
 * title, alt, label), must come from the translations; a placeholder may show a
 * code-like example (`usage.dropped`, `CNY`). The few symbols allowed are listed.
 */
describe('no hard-coded visible text in the components', () => {
  const ALLOWED = new Set(['JSON', 'v', 'Ctrl+Z', 'Ctrl+Shift+Z']);
  const SPOKEN = new Set(['aria-label', 'aria-description', 'title', 'alt', 'label']);
  const WORDS = /[A-Za-z\u4e00-\u9fff]/;
  const CODE_LIKE = /^[\w.+/:@…-]+$/;

  function literals(file: string, text = readFileSync(file, 'utf8')): string[] {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: string[] = [];
    const at = (n: ts.Node) => `${file.split('/src/')[1]}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isJsxText(n)) {
        const text = n.text.trim();
        if (WORDS.test(text) && !ALLOWED.has(text)) found.push(`${at(n)} ${JSON.stringify(text)}`);
      } else if (ts.isJsxAttribute(n) && n.initializer) {
        const name = n.name.getText(sf);
        const init = n.initializer;
        const value = ts.isStringLiteral(init) ? init.text : ts.isJsxExpression(init) && init.expression && ts.isStringLiteral(init.expression) ? init.expression.text : undefined;
        if (value !== undefined && WORDS.test(value) && !ALLOWED.has(value)) {
          if (SPOKEN.has(name) || (name === 'placeholder' && !CODE_LIKE.test(value))) found.push(`${at(n)} ${name}=${JSON.stringify(value)}`);
        }
      } else if (ts.isJsxExpression(n) && n.expression && ts.isStringLiteral(n.expression) && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent))) {
        if (WORDS.test(n.expression.text) && !ALLOWED.has(n.expression.text.trim())) found.push(`${at(n)} {${JSON.stringify(n.expression.text)}}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return found;
  }

  it('finds a hard-coded word when there is one', () => {
    const probe = `export const A = () => <p title="Save the form">Saved <b>{'ok now'}</b><input placeholder="Type a name" /><input placeholder="usage.dropped" /></p>;`;
    expect(literals('editor/src/probe.tsx', probe).map((x) => x.split(' ').slice(1).join(' '))).toEqual(['title="Save the form"', '"Saved"', '{"ok now"}', 'placeholder="Type a name"']);
  });

  it('every .tsx of the editor takes its words from the translations', () => {
    const found = sources(join(__dirname, '..')).filter((f) => f.endsWith('.tsx')).flatMap((f) => literals(f));
    expect(found).toEqual([]);
  });
});

