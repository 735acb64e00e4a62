/**
 * The dependency direction and the purity of the engine, enforced.
 *
 *   schemas ← runtime ← server;  schemas, runtime ← editor;  templates is data (→ schemas);
 *   nothing imports editor or server except tests.
 *
 * runtime/ and schemas/ must run the same in Node and the browser: no Node or DOM
 * API, no clock, no randomness, no dynamic code. A test fails naming the file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
type Part = 'schemas' | 'runtime' | 'templates' | 'server' | 'editor' | 'tests' | 'bench' | 'scripts';
const PARTS: Part[] = ['schemas', 'runtime', 'templates', 'server', 'editor', 'tests', 'bench', 'scripts'];
const MAY_IMPORT: Record<Part, Part[]> = {
  schemas: [],
  runtime: ['schemas'],
  templates: ['schemas'],
  server: ['schemas', 'runtime', 'templates'],
  editor: ['schemas', 'runtime', 'templates'],
  tests: PARTS,
  bench: PARTS,
  scripts: PARTS,
};
const PACKAGE_PART: Record<string, Part> = {
  '@branchline/schemas': 'schemas',
  '@branchline/runtime': 'runtime',
  '@branchline/templates': 'templates',
  '@branchline/server': 'server',
  '@branchline/editor': 'editor',
};

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(sourceFiles(p));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function partOf(file: string): Part | undefined {
  const top = relative(root, file).split(sep)[0];
  return PARTS.includes(top as Part) ? (top as Part) : undefined;
}

function importsOf(file: string): { spec: string; line: number }[] {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => ({ spec: f.fileName, line: ts.getLineAndCharacterOfPosition(ts.createSourceFile(file, text, ts.ScriptTarget.Latest), f.pos).line + 1 }));
}

function targetPart(file: string, spec: string): Part | undefined {
  if (spec.startsWith('.')) return partOf(resolve(file, '..', spec));
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return PACKAGE_PART[pkg];
}

const allFiles = PARTS.flatMap((p) => sourceFiles(join(root, p)));

describe('dependency direction', () => {
  it('every import goes the allowed way', () => {
    const violations: string[] = [];
    for (const file of allFiles) {
      const from = partOf(file)!;
      for (const { spec, line } of importsOf(file)) {
        const to = targetPart(file, spec);
        if (to && to !== from && !MAY_IMPORT[from].includes(to)) violations.push(`${relative(root, file)}:${line} ${from} may not import ${to} ("${spec}")`);
      }
    }
    expect(violations).toEqual([]);
  });
});

/** Globals the pure engine must not touch; clock, randomness and I/O come in through interfaces. */
const FORBIDDEN_GLOBALS = new Set([
  'process', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest',
  'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'crypto', 'require', 'eval',
  'Function', 'globalThis', 'global', 'Buffer', '__dirname', '__filename', 'WebSocket', 'Worker',
]);

function impurities(file: string): string[] {
  return impuritiesIn(file, readFileSync(file, 'utf8'));
}

function impuritiesIn(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (n: ts.Node, what: string) => found.push(`${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${what}`);
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const spec = n.moduleSpecifier.text;
      if (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'worker_threads', 'url'].includes(spec)) at(n, `imports Node module "${spec}"`);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) {
      const obj = n.expression.text;
      const prop = n.name.text;
      if (obj === 'Date' && prop === 'now') at(n, 'reads the clock (Date.now)');
      if (obj === 'Math' && prop === 'random') at(n, 'uses randomness (Math.random)');
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Date' && (!n.arguments || n.arguments.length === 0)) at(n, 'reads the clock (new Date())');
    if (ts.isIdentifier(n) && FORBIDDEN_GLOBALS.has(n.text)) {
      const p = n.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || (ts.isBindingElement(p) && p.propertyName === n);
      const isDeclared = (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p)) && p.name === n;
      if (!isPropertyName && !isDeclared && !ts.isTypeReferenceNode(p) && !ts.isQualifiedName(p)) at(n, `uses the global "${n.text}"`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('pure engine', () => {
  const pureFiles = allFiles.filter((f) => {
    const part = partOf(f);
    return (part === 'runtime' || part === 'schemas') && !/\.(test|bench)\.ts$/.test(f);
  });
  it('has source files to check', () => {
    expect(pureFiles.length).toBeGreaterThan(0);
  });
  it('runtime/ and schemas/ use no Node or DOM API, no clock and no randomness', () => {
    expect(pureFiles.flatMap(impurities)).toEqual([]);
  });
  it('the checker itself catches each kind of impurity', () => {
    const probe = join(root, 'runtime', 'src', '__probe__.ts');
    const text = [
      "import { readFileSync } from 'node:fs';",
      'const a = Date.now();',
      'const b = new Date();',
      'const c = Math.random();',
      'const d = process.env;',
      'const e = window;',
      'setTimeout(() => 0, 1);',
    ].join('\n');
    const found = impuritiesIn(probe, text).join('\n');
    for (const what of ['imports Node module "node:fs"', 'Date.now', 'new Date()', 'Math.random', 'global "process"', 'global "window"', 'global "setTimeout"']) {
      expect(found).toContain(what);
    }
  });
});

/**
 * Issue 5: "every query is scoped by org in one place (not per route by hand)". The place is the
 * repositories: their reads and writes take the RequestContext and filter by its visible orgs.
 * Route handlers and the domain operations, reports and workflow runs behind them only pass the
 * context on, so a file under server/src/routes, server/src/domain, server/src/reports or
 * server/src/runs (SCOPED_DIRS below) may not:
 * - call canSeeOrg or read ctx.allOrgs;
 * - use ctx.visibleOrgIds except to report it back as `visibleOrgIds: [...ctx.visibleOrgIds]` (GET /me);
 * - compare an orgId / parentId (===, !==, ==, !=) or look one up in a list (includes, has, indexOf, …);
 * - call the unscoped `…Any` methods of the users, orgs, definitions and records repositories,
 *   except users.byEmailAny for sign-in, where there is no caller context yet;
 * - call a repository as the system (a `null` context, e.g. `records.getInOrg(null, …)`);
 * unless the finding is one of the SYSTEM_SCOPE exceptions below.
 * (TypeScript has no module-private members, so this scan is what keeps the rule; the scoped
 * repository signatures make the right call the easy one.)
 */
const ORG_KEYS = new Set(['orgId', 'parentId']);
const UNSCOPED_REPOS = new Set(['users', 'orgs', 'definitions', 'records']);
/** Repositories whose methods take the caller's context first (null: the system itself). */
const CONTEXT_REPOS = new Set(['users', 'orgs', 'definitions', 'records', 'tasks', 'runs']);
const SCOPED_DIRS = ['routes', 'domain', 'reports', 'runs'].map((d) => join('server', 'src', d) + sep);
/**
 * The documented exceptions: workflow-engine code that runs with no caller — inside a write job a
 * request already authorised, or on the scheduler's tick — and so reads as the system, never for
 * an answer to a caller. Each names the file and the finding's source text; a finding not listed
 * fails, and so does an entry that matches no place or more than one (no stale or growing holes).
 */
const SYSTEM_SCOPE: { file: string; finding: string; why: string }[] = [
  {
    file: 'server/src/runs/record-update.ts',
    finding: 'svc.records.getInOrg(null, e.orgId, e.recordId)',
    why: "a run's `set record` effect: a step has no caller (timer, task, event); the run changes a record of its own org only",
  },
  {
    file: 'server/src/runs/engine.ts',
    finding: 'this.svc.orgs.getAny',
    why: "`org` as trigger and node expressions see it, for the org the run belongs to (decided by the authorised start)",
  },
  {
    file: 'server/src/runs/catalog.ts',
    finding: 's.orgId === orgId',
    why: "trigger matching: which subscriptions are the event org's own workflows (the org comes from an authorised write or the scheduler)",
  },
  {
    file: 'server/src/runs/catalog.ts',
    finding: 's.orgId !== null',
    why: "trigger matching: HQ's mandatory templates are the subscriptions without an org",
  },
  {
    file: 'server/src/runs/catalog.ts',
    finding: 'this.definitions.version(null, id, version)',
    why: 'compiling the published version a run executes or a trigger starts (the run and its org decided by an authorised start or the scheduler)',
  },
  {
    file: 'server/src/runs/schedule.ts',
    finding: 'this.svc.definitions.version(null, s.definitionId, s.version)',
    why: "the scheduler's tick reads a due branch schedule's trigger: no caller",
  },
  {
    file: 'server/src/domain/forms.ts',
    finding: 'this.definitions.version(null, definitionId, version)',
    why: 'the form cache compiles a published form version for a definition the caller already got through the scoped repository',
  },
  {
    file: 'server/src/domain/forms.ts',
    finding: 'this.definitions.version(null, row.id, row.version)',
    why: "a workflow trigger's form as seen from the org being checked or run (the org decided by the scoped caller or the run)",
  },
];
const isScoped = (rel: string) => !/\.test\.ts$/.test(rel) && SCOPED_DIRS.some((d) => rel.startsWith(d));
const covers = (e: (typeof SYSTEM_SCOPE)[number], f: string) => f.startsWith(e.file.split('/').join(sep) + ':') && f.endsWith(`[${e.finding}]`);
const isException = (f: string) => SYSTEM_SCOPE.some((e) => covers(e, f));
const LOOKUPS = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'some', 'every', 'find', 'findIndex', 'filter']);
const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

function handScopingIn(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (n: ts.Node, what: string) => found.push(`${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${what} [${n.getText(sf)}]`);
  const isOrgKey = (n: ts.Node): boolean => {
    const e = ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n) || ts.isAsExpression(n) ? n.expression : n;
    return (ts.isIdentifier(e) && ORG_KEYS.has(e.text)) || (ts.isPropertyAccessExpression(e) && ORG_KEYS.has(e.name.text)) || (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression) && ORG_KEYS.has(e.argumentExpression.text));
  };
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === 'canSeeOrg') at(n, 'checks org visibility by hand (canSeeOrg)');
    if (ts.isPropertyAccessExpression(n)) {
      const name = n.name.text;
      if (name === 'allOrgs') at(n, 'reads ctx.allOrgs');
      if (name === 'visibleOrgIds') {
        const spread = n.parent;
        const reported = ts.isSpreadElement(spread) && ts.isArrayLiteralExpression(spread.parent) && ts.isPropertyAssignment(spread.parent.parent) && spread.parent.parent.name.getText(sf) === 'visibleOrgIds';
        if (!reported) at(n, 'uses ctx.visibleOrgIds (scope through a repository instead)');
      }
      if (ts.isPropertyAccessExpression(n.expression) && UNSCOPED_REPOS.has(n.expression.name.text) && name.endsWith('Any') && !(n.expression.name.text === 'users' && name === 'byEmailAny')) {
        at(n, `calls the unscoped ${n.expression.name.text}.${name}`);
      }
    }
    if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind) && (isOrgKey(n.left) || isOrgKey(n.right))) at(n, 'compares an org id by hand');
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LOOKUPS.has(n.expression.name.text) && n.arguments.some(isOrgKey)) at(n, 'looks an org id up by hand');
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isPropertyAccessExpression(n.expression.expression) && CONTEXT_REPOS.has(n.expression.expression.name.text) && n.arguments[0]?.kind === ts.SyntaxKind.NullKeyword) {
      at(n, `calls ${n.expression.expression.name.text}.${n.expression.name.text} as the system (null context)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('org scoping in one place', () => {
  const scopedFiles = allFiles.filter((f) => isScoped(relative(root, f)));
  const findings = scopedFiles.flatMap((f) => handScopingIn(f, readFileSync(f, 'utf8')));
  it('has route, domain, report and run files to check', () => {
    const rels = scopedFiles.map((f) => relative(root, f));
    for (const d of SCOPED_DIRS) expect(rels.filter((r) => r.startsWith(d)).length, d).toBeGreaterThan(2);
    for (const f of ['queries.ts', 'events.ts', 'manual.ts', 'record-update.ts', 'tasks.ts', 'engine.ts', 'catalog.ts']) expect(rels).toContain(join('server', 'src', 'runs', f));
  });
  it('no route handler, domain operation, report or run scopes by org by hand', () => {
    expect(findings.filter((f) => !isException(f))).toEqual([]);
  });
  it('each documented system-scope exception covers exactly one place (none stale, no copy slipping through under it)', () => {
    const places = SYSTEM_SCOPE.map((e) => ({ ...e, places: findings.filter((f) => covers(e, f)).length }));
    expect(places.filter((e) => e.places !== 1)).toEqual([]);
  });
  it('the checker itself catches each kind of hand scoping, and lets the scoped forms through', () => {
    const probe = join(root, 'server', 'src', 'routes', '__probe__.ts');
    const bad = [
      "import { canSeeOrg } from '../policy/context';",
      'if (!app.svc.orgs.getAny(orgId) || !canSeeOrg(ctx, orgId)) throw e;',
      'const target = app.svc.users.byIdAny(id);',
      'if (!ctx.allOrgs) f();',
      'if (!ctx.visibleOrgIds.includes(x)) f();',
      'if (target.orgId !== ctx.user.orgId) f();',
      'if (parentId == req.ctx.user.orgId) f();',
      'const ok = allowed.has(row!.orgId);',
      "app.svc.orgs.insertAny({ id, parentId: 'hq' });",
      'const row = svc.definitions.getAny(id)!;',
      'const rec = deps.records.getAny(id);',
      'const rec = svc.records.getInOrg(null, orgId, id);',
      'svc.definitions.update(null, id, set);',
    ];
    const found = bad.map((line) => handScopingIn(probe, line).join('\n'));
    for (const [i, what] of ['canSeeOrg', 'canSeeOrg', 'unscoped users.byIdAny', 'ctx.allOrgs', 'ctx.visibleOrgIds', 'compares an org id', 'compares an org id', 'looks an org id up', 'unscoped orgs.insertAny', 'unscoped definitions.getAny', 'unscoped records.getAny', 'records.getInOrg as the system', 'definitions.update as the system'].entries()) {
      expect(found[i], bad[i]).toContain(what);
    }
    const good = [
      'const org = app.svc.orgs.get(req.ctx, orgId);',
      'const row = app.svc.users.byEmailAny(email);',
      'return { user, visibleOrgIds: [...req.ctx.visibleOrgIds] };',
      'if (target.id === ctx.user.id) f();',
      'const orgId = targetOrg(svc, req.ctx, req.body.orgId);',
      'const row = visibleDefinition(svc, req.ctx, id);',
      'const scope = svc.orgs.scope(ctx, query.orgId);',
      'const rec = svc.records.getInOrg(ctx, row.orgId, id);',
      'for (const runId of svc.runs.waitingFor(ctx, type, key)) f(runId);',
      'svc.auditAs(null, { orgId, action });',
    ];
    expect(good.flatMap((line) => handScopingIn(probe, line))).toEqual([]);
  });
  it('an exception covers only its own file and finding', () => {
    const elsewhere = handScopingIn(join(root, 'server', 'src', 'runs', 'events.ts'), 'const rec = svc.records.getInOrg(null, e.orgId, e.recordId);');
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere.filter((f) => !isException(f))).toHaveLength(1);
    const own = handScopingIn(join(root, 'server', 'src', 'runs', 'record-update.ts'), 'const rec = svc.records.getInOrg(null, e.orgId, e.recordId);');
    expect(own.filter((f) => !isException(f))).toEqual([]);
  });
});
