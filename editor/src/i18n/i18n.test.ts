/**
 * Every visible text is translated: zh-CN and en have exactly the same keys, no
 * empty strings, the same {{placeholders}}, and every key the source asks for with
 * a literal `t('…')` exists. Keys built at run time (`t(`fieldTypes.${type}`)`)
 * are checked through the lists they come from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
