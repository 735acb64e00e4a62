/**
 * Start loading what a deep-linked page needs while its code is still downloading:
 * the definition itself, the designer page's code and, once the definition's kind is
 * known, the designer for that kind — all at once, so opening a designer costs one
 * round of fetches instead of a waterfall (page chunk → its imports → designer chunk
 * → its imports). Each prefetched answer is taken once, so coming back to a page
 * loads it fresh.
 */
import type { Api } from '../api/client';
import type { DefinitionDetail } from '../api/types';

export interface Prefetch {
  definition(id: string): void;
  /** The prefetched definition, if any (consumed). */
  takeDefinition(id: string): Promise<DefinitionDetail> | undefined;
  /**
   * Drop an answer nobody took: when the page's code was already loaded, the page
   * fetches before the prefetch starts, and an untaken answer must not be served
   * (stale) on a later visit.
   */
  forget(id: string): void;
}

/**
 * Fetch a designer's code ahead of rendering it: the same modules the routes and the
 * designer kinds load, so the browser runs each once. `null` (kind not known yet):
 * the designer page and the form designer — most definitions are forms.
 */
export function preloadDesignerCode(kind: 'form' | 'workflow' | null): void {
  const ignore = () => undefined; // a failed load is reported by the page that renders it
  if (kind === null) {
    import('../routes/DefinitionPage').catch(ignore);
    import('../form-designer/FormDesigner').catch(ignore);
  } else if (kind === 'workflow') import('../designer/WorkflowBody').catch(ignore);
}

export function createPrefetch(api: Api): Prefetch {
  const definitions = new Map<string, Promise<DefinitionDetail>>();
  return {
    definition(id) {
      if (definitions.has(id)) return;
      const p = api.getDefinition(id);
      preloadDesignerCode(null);
      p.then((d) => preloadDesignerCode(d.kind), () => undefined);
      // A failed prefetch is reported by the page that takes it.
      p.catch(() => undefined);
      definitions.set(id, p);
    },
    takeDefinition(id) {
      const p = definitions.get(id);
      definitions.delete(id);
      return p;
    },
    forget(id) {
      definitions.delete(id);
    },
  };
}
