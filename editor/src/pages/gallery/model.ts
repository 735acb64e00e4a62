/**
 * The gallery's data work, kept pure: the next version of a template document (from
 * its JSON, a file, or an edited definition), reading pasted JSON, and the state of
 * an upgrade's conflict resolutions.
 */
import type { LocalizedText, Template, UpgradeResolution } from '@branchline/schemas';
import type { Definition } from '../../api/types';

export type TemplateDoc = Template;

/** The document of the next version: the same template with `version + 1` and an optional changelog. */
export function nextVersion(doc: TemplateDoc, latest: number, changelog?: LocalizedText): TemplateDoc {
  const { changelog: _old, ...rest } = structuredClone(doc);
  return { ...rest, version: latest + 1, ...(changelog && Object.values(changelog).some((v) => v.trim()) ? { changelog } : {}) };
}

/**
 * A template version made from an edited definition: HQ designs the new version in
 * the designer, then publishes it as the template. The definition takes the
 * template's key; locks and extension points stay as they were (a new template
 * starts without any). Locks naming elements the definition no longer has are
 * refused by the server with pointers.
 */
export function fromDefinition(definition: Definition, base: { key: string; latest: number; doc?: TemplateDoc } | { key: string; title: LocalizedText }): TemplateDoc {
  const def = structuredClone(definition);
  def.key = base.key;
  if ('doc' in base && base.doc) {
    const { changelog: _old, ...rest } = structuredClone(base.doc);
    return { ...rest, version: base.latest + 1, definition: def } as TemplateDoc;
  }
  const title = 'title' in base ? base.title : def.title;
  return { schemaVersion: 1, kind: 'template', key: base.key, version: 1, title, definition: def, locks: [] } as TemplateDoc;
}

/** Pasted or uploaded JSON: the parsed value, or the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export type Choice = UpgradeResolution['choice'];

/** The resolutions to send once every conflict has a choice, else null. */
export function resolutionsOf(count: number, choices: Readonly<Record<number, Choice | undefined>>): UpgradeResolution[] | null {
  const out: UpgradeResolution[] = [];
  for (let i = 0; i < count; i++) {
    const choice = choices[i];
    if (!choice) return null;
    out.push({ conflict: i, choice });
  }
  return out;
}

/** Resolution problems (`/resolutions/<i>…`) by conflict index; other pointers under -1. */
export function problemsByConflict<T extends { pointer: string }>(problems: readonly T[], resolutions: readonly UpgradeResolution[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const p of problems) {
    const m = /^\/resolutions\/(\d+)/.exec(p.pointer);
    const at = m ? resolutions[Number(m[1])]?.conflict ?? -1 : -1;
    out.set(at, [...(out.get(at) ?? []), p]);
  }
  return out;
}

/** Instances per template version, newest first, for the usage view. */
export function usageByVersion(byVersion: Readonly<Record<string, number>>, latest: number): { version: number; count: number; latest: boolean }[] {
  return Object.entries(byVersion)
    .map(([v, count]) => ({ version: Number(v), count, latest: Number(v) === latest }))
    .sort((a, b) => b.version - a.version);
}
