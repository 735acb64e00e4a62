/**
 * Random edits a designer could make to a definition, for property tests
 * (fast-check arbitraries of edit commands, applied in place by plain functions).
 */
import fc from 'fast-check';
import type { FormDefinition, FormField, WorkflowDefinition } from '@branchline/schemas';

const text = fc.constantFrom('A', 'B', '客户', 'Δ', 'x y').map((s) => ({ 'zh-CN': `${s}中`, en: s }));
const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
const slot = fc.nat(50);

/** Edits a designer could make to a form, as data applied by {@link editForm}. */
export const formEdit = fc.oneof(
  fc.tuple(fc.constant('removeField' as const), slot),
  fc.tuple(fc.constant('addField' as const), slot, fc.nat(1000), text),
  fc.tuple(fc.constant('moveField' as const), slot, slot),
  fc.tuple(fc.constant('relabel' as const), slot, text),
  fc.tuple(fc.constant('toggleRequired' as const), slot),
  fc.tuple(fc.constant('help' as const), slot, fc.option(text)),
  fc.tuple(fc.constant('validation' as const), slot, fc.integer({ min: 0, max: 50 })),
  fc.tuple(fc.constant('appendOption' as const), slot, fc.nat(1000), text),
  fc.tuple(fc.constant('insertOption' as const), slot, fc.nat(1000)),
  fc.tuple(fc.constant('columnOption' as const), fc.nat(1000)),
  fc.tuple(fc.constant('retype' as const), slot),
  fc.tuple(fc.constant('addSection' as const), slot, fc.nat(1000), text),
  fc.tuple(fc.constant('removeSection' as const), slot),
  fc.tuple(fc.constant('moveSection' as const), slot, slot),
  fc.tuple(fc.constant('sectionOf' as const), slot, slot),
  fc.tuple(fc.constant('addRule' as const), slot, fc.nat(1000)),
  fc.tuple(fc.constant('removeRule' as const), slot),
  fc.tuple(fc.constant('title' as const), text),
);
export type FormEdit = typeof formEdit extends fc.Arbitrary<infer T> ? T : never;

export function editForm(def: FormDefinition, e: FormEdit): void {
  const fields = def.fields;
  const sections = (def.sections ??= []);
  const rules = (def.rules ??= []);
  const field = (n: number) => pick(fields, n);
  switch (e[0]) {
    case 'removeField':
      if (fields.length > 1) fields.splice(e[1] % fields.length, 1);
      break;
    case 'addField':
      if (!fields.some((f) => f.key === `f_${e[2]}`)) fields.splice(e[1] % (fields.length + 1), 0, { key: `f_${e[2]}`, type: 'text', label: e[3] });
      break;
    case 'moveField': {
      const [f] = fields.splice(e[1] % fields.length, 1);
      fields.splice(e[2] % (fields.length + 1), 0, f!);
      break;
    }
    case 'relabel':
      field(e[1])!.label = e[2];
      break;
    case 'toggleRequired': {
      const f = field(e[1])!;
      if (f.required) delete f.required;
      else f.required = true;
      break;
    }
    case 'help': {
      const f = field(e[1])!;
      if (e[2]) f.help = e[2];
      else delete f.help;
      break;
    }
    case 'validation': {
      const f = field(e[1])!;
      if (f.type === 'text' || f.type === 'textarea') f.validation = { maxLength: e[2] + 1 };
      if (f.type === 'currency' || f.type === 'number' || f.type === 'percent') f.validation = { min: e[2] };
      break;
    }
    case 'appendOption':
    case 'insertOption': {
      const selects = fields.filter((f): f is Extract<FormField, { type: 'select' }> => f.type === 'select');
      const f = pick(selects, e[1]);
      if (!f || f.options.some((o) => o.value === `o${e[2]}`)) break;
      const option = { value: `o${e[2]}`, label: e[0] === 'appendOption' ? e[3] : { en: 'Inserted' } };
      if (e[0] === 'appendOption') f.options.push(option);
      else f.options.unshift(option);
      break;
    }
    case 'columnOption': {
      const table = fields.find((f) => f.type === 'table');
      const column = table?.type === 'table' ? table.columns.find((c) => c.type === 'select') : undefined;
      if (column?.type === 'select' && !column.options.some((o) => o.value === `c${e[1]}`)) column.options.push({ value: `c${e[1]}`, label: { en: 'C' } });
      break;
    }
    case 'retype': {
      const i = e[1] % fields.length;
      const f = fields[i]!;
      fields[i] = { key: f.key, type: 'textarea', label: f.label };
      break;
    }
    case 'addSection':
      if (!sections.some((s) => s.id === `s${e[2]}`)) sections.splice(e[1] % (sections.length + 1), 0, { id: `s${e[2]}`, title: e[3] });
      break;
    case 'removeSection':
      if (sections.length > 0) sections.splice(e[1] % sections.length, 1);
      break;
    case 'moveSection':
      if (sections.length > 0) {
        const [s] = sections.splice(e[1] % sections.length, 1);
        sections.splice(e[2] % (sections.length + 1), 0, s!);
      }
      break;
    case 'sectionOf': {
      const s = pick(sections, e[2]);
      if (s) field(e[1])!.section = s.id;
      break;
    }
    case 'addRule':
      if (!rules.some((r) => r.id === `r${e[2]}`)) rules.splice(e[1] % (rules.length + 1), 0, { id: `r${e[2]}`, assert: 'true', message: { en: 'm' } });
      break;
    case 'removeRule':
      if (rules.length > 0) rules.splice(e[1] % rules.length, 1);
      break;
    case 'title':
      def.title = e[1];
      break;
  }
}

export const workflowEdit = fc.oneof(
  fc.tuple(fc.constant('addNode' as const), fc.nat(1000), text),
  fc.tuple(fc.constant('removeNode' as const), slot),
  fc.tuple(fc.constant('retitle' as const), slot, fc.option(text)),
  fc.tuple(fc.constant('rekind' as const), slot),
  fc.tuple(fc.constant('addEdge' as const), fc.nat(1000), slot, slot, fc.option(fc.constantFrom('true', 'false', 'done', 'next'))),
  fc.tuple(fc.constant('removeEdge' as const), slot),
  fc.tuple(fc.constant('retarget' as const), slot, slot),
  fc.tuple(fc.constant('when' as const), fc.option(fc.constantFrom('true', 'record.arr > 1'))),
  fc.tuple(fc.constant('event' as const)),
  fc.tuple(fc.constant('move' as const), slot, fc.integer({ min: -500, max: 500 })),
  fc.tuple(fc.constant('noUi' as const)),
  fc.tuple(fc.constant('start' as const), slot),
  fc.tuple(fc.constant('variable' as const), fc.nat(1000)),
);
export type WorkflowEdit = typeof workflowEdit extends fc.Arbitrary<infer T> ? T : never;

export function editWorkflow(def: WorkflowDefinition, e: WorkflowEdit): void {
  const node = (n: number) => pick(def.nodes, n);
  switch (e[0]) {
    case 'addNode':
      if (!def.nodes.some((n) => n.id === `n${e[1]}`)) def.nodes.push({ id: `n${e[1]}`, kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: e[2] });
      break;
    case 'removeNode':
      if (def.nodes.length > 1) def.nodes.splice(e[1] % def.nodes.length, 1);
      break;
    case 'retitle': {
      const n = node(e[1])!;
      if (e[2]) n.title = e[2];
      else delete n.title;
      break;
    }
    case 'rekind': {
      const i = e[1] % def.nodes.length;
      def.nodes[i] = { id: def.nodes[i]!.id, kind: 'end', outcome: 'changed' };
      break;
    }
    case 'addEdge':
      if (!def.edges.some((x) => x.id === `e${e[1]}`)) def.edges.push({ id: `e${e[1]}`, from: node(e[2])!.id, to: node(e[3])!.id, ...(e[4] ? { port: e[4] } : {}) });
      break;
    case 'removeEdge':
      if (def.edges.length > 0) def.edges.splice(e[1] % def.edges.length, 1);
      break;
    case 'retarget': {
      const edge = pick(def.edges, e[1]);
      if (edge) edge.to = node(e[2])!.id;
      break;
    }
    case 'when':
      if (e[1]) def.trigger.when = e[1];
      else delete def.trigger.when;
      break;
    case 'event':
      def.trigger = { type: 'event', event: 'usage.dropped', form: 'client', recordId: 'event.data.recordId' };
      break;
    case 'move': {
      const id = node(e[1])!.id;
      def.ui = { ...def.ui, nodes: { ...def.ui?.nodes, [id]: { x: e[2], y: -e[2] } } };
      break;
    }
    case 'noUi':
      delete def.ui;
      break;
    case 'start':
      def.start = node(e[1])!.id;
      break;
    case 'variable':
      def.variables = [...(def.variables ?? []).filter((v) => v.key !== `v${e[1]}`), { key: `v${e[1]}`, type: 'number', default: e[1] }];
      break;
  }
}

