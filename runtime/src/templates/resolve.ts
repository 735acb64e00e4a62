/**
 * The effective definition of a branch instance: the template's definition with the
 * branch overlay's changes applied in order.
 */
import { pointer, problem, type OverlayChange, type Problem, type Template } from '@branchline/schemas';
import type { Overlay } from '@branchline/schemas';
import { applyChange } from './apply-change';
import type { Definition } from './elements';
import { changeShapeProblems } from './change-shape';
import { clone } from './json';

/** A resolved definition and the problems met on the way (changes that could not apply). */
export interface Resolution {
  readonly definition: Definition;
  readonly problems: Problem[];
}

/**
 * Apply `changes` in order to a copy of `definition`. A change that cannot apply
 * (its shape is wrong, it names a missing element, duplicates a key …) is skipped and
 * reported with the pointer `${base}/${index}…`; the others still apply. Never throws
 * on user data.
 * @example applyChanges(form, [{ type: 'field.remove', key: 'notes' }]).definition.fields
 */
export function applyChanges(definition: Definition, changes: readonly OverlayChange[], base = '/changes'): Resolution {
  const draft = clone(definition);
  const shape = changeShapeProblems(changes, base);
  const problems: Problem[] = [...(shape.get(-1) ?? [])];
  changes.forEach((change, i) => {
    const bad = shape.get(i);
    if (bad) {
      problems.push(...bad);
      return;
    }
    const failed = applyChange(draft, change, `${base}/${i}`);
    if (failed) problems.push(failed);
  });
  return { definition: draft, problems };
}

/**
 * The effective definition of a branch instance: `resolve(template, overlay)`.
 * Changes naming missing elements are problems with pointers such as `/changes/3`,
 * never exceptions. Locks are not checked here; see {@link checkLocks}.
 * @example
 * const { definition, problems } = resolveTemplate(customerRegistration, {
 *   schemaVersion: 1, kind: 'overlay', template: { key: 'customer-registration', version: 1 },
 *   changes: [{ type: 'field.add', field: { key: 'wechat_id', type: 'text', label: { 'zh-CN': '微信号', en: 'WeChat ID' } } }],
 * });
 */
export function resolveTemplate(template: Template, overlay: Overlay): Resolution {
  const problems: Problem[] = [];
  if (overlay.template?.key !== template.key) {
    problems.push(
      problem(pointer('template', 'key'), 'overlay_template_mismatch', `This overlay belongs to template "${overlay.template?.key}", not "${template.key}".`, `此覆盖层属于模板"${overlay.template?.key}"，而不是"${template.key}"。`, {
        expected: template.key,
        actual: overlay.template?.key,
      }),
    );
  } else if (overlay.template.version !== template.version) {
    problems.push(
      problem(pointer('template', 'version'), 'overlay_version_mismatch', `This overlay was made for version ${overlay.template.version} of "${template.key}", not version ${template.version}; upgrade it first.`, `此覆盖层基于"${template.key}"的第 ${overlay.template.version} 版，而不是第 ${template.version} 版，请先升级。`, {
        expected: template.version,
        actual: overlay.template.version,
      }),
    );
  }
  const resolved = applyChanges(template.definition, Array.isArray(overlay.changes) ? overlay.changes : []);
  return { definition: resolved.definition, problems: [...problems, ...resolved.problems] };
}

/**
 * A canonical form of a definition for comparison. Orders that carry no meaning are
 * sorted (form rules, workflow nodes and edges: all rules are checked, and a graph
 * is its edges), and empty optional parts are dropped (`sections: []`, `rules: []`,
 * `ui: {}`), so `resolveTemplate(t, deriveOverlay(t, d)).definition` normalizes to `d`.
 * @example normalizeDefinition({ ...form, rules: [] }) // → the form without `rules`
 */
export function normalizeDefinition<D extends Definition>(definition: D): D {
  const out = clone(definition);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (out.kind === 'form') {
    if (out.sections && out.sections.length === 0) delete out.sections;
    if (out.rules && out.rules.length === 0) delete out.rules;
    out.rules?.sort(byId);
  } else {
    out.nodes.sort(byId);
    out.edges.sort(byId);
    if (out.ui && Object.keys(out.ui).length === 0) delete out.ui;
  }
  return out;
}
