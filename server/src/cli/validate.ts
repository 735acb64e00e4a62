/**
 * `branchline validate <file…>`: check definition files the way the server does,
 * print every problem with its JSON pointer, exit 1 when any file is invalid (also
 * when a file is not JSON). Teams run it in their own CI over definitions kept in git.
 *
 * Workflows are checked against the forms they name: forms among the files given,
 * then HQ's built-in templates.
 */
import { readFile } from 'node:fs/promises';
import { validateDefinition } from '@branchline/runtime';
import { BUILT_IN_TEMPLATES } from '@branchline/templates';
import type { FormDefinition, Problem } from '@branchline/schemas';
import type { Command } from './main';

type Lang = 'en' | 'zh-CN';
interface Parsed {
  file: string;
  doc?: unknown;
  parseError?: Problem;
}

export const validateCommand: Command = {
  summary: 'check definition files; non-zero exit on any problem',
  usage: 'validate [--json] [--lang zh-CN|en] <file…>',
  async run(args) {
    const files: string[] = [];
    let json = false;
    let lang: Lang = process.env.LANG?.startsWith('zh') ? 'zh-CN' : 'en';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--json') json = true;
      else if (a === '--lang') lang = args[++i] === 'zh-CN' ? 'zh-CN' : 'en';
      else files.push(a);
    }
    if (files.length === 0) {
      process.stderr.write(`usage: branchline ${this.usage}\n`);
      return 2;
    }
    const parsed = await Promise.all(files.map(readDocument));
    const forms = formLookup(parsed);
    const results = parsed.map((p) => ({
      file: p.file,
      problems: p.parseError ? [p.parseError] : validateDefinition(p.doc, { resolveForm: forms }),
    }));
    if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else for (const r of results) process.stdout.write(report(r.file, r.problems, lang));
    const invalid = results.filter((r) => r.problems.some((p) => p.severity !== 'warning')).length;
    if (!json) process.stdout.write(`${results.length - invalid} valid, ${invalid} invalid\n`);
    return invalid === 0 ? 0 : 1;
  },
};

async function readDocument(file: string): Promise<Parsed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return { file, parseError: { pointer: '', code: 'unreadable', message: { en: `Cannot read the file: ${reason}.`, 'zh-CN': `无法读取文件：${reason}。` } } };
  }
  try {
    return { file, doc: JSON.parse(text) };
  } catch (error) {
    const where = jsonErrorPosition(text, error);
    return {
      file,
      parseError: {
        pointer: '',
        code: 'invalid_json',
        message: {
          en: `Not valid JSON${where}: ${(error as Error).message}. Fix the syntax (a truncated file ends early).`,
          'zh-CN': `不是有效的 JSON${where}：${(error as Error).message}。请修正语法（文件被截断时会提前结束）。`,
        },
      },
    };
  }
}

/** " (line 3, column 7)" from V8's "at position N" message, when it gives one. */
function jsonErrorPosition(text: string, error: unknown): string {
  const m = /position (\d+)/.exec(String((error as Error).message));
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

function formLookup(parsed: Parsed[]): (key: string) => FormDefinition | undefined {
  const forms = new Map<string, FormDefinition>();
  for (const t of BUILT_IN_TEMPLATES) if (t.definition.kind === 'form') forms.set(t.definition.key, t.definition);
  for (const p of parsed) {
    const d = p.doc as { kind?: string; key?: string; definition?: { kind?: string; key?: string } } | undefined;
    if (d?.kind === 'form' && typeof d.key === 'string') forms.set(d.key, d as FormDefinition);
    if (d?.kind === 'template' && d.definition?.kind === 'form' && typeof d.definition.key === 'string') forms.set(d.definition.key, d.definition as FormDefinition);
  }
  return (key) => forms.get(key);
}

function report(file: string, problems: Problem[], lang: Lang): string {
  if (problems.length === 0) return `✓ ${file}\n`;
  const lines = problems.map((p) => `  ${p.pointer || '/'}  ${p.code}  ${p.message[lang]}`);
  return `✗ ${file}\n${lines.join('\n')}\n`;
}
