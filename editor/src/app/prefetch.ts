/**
 * Start loading what a deep-linked page needs while its code is still downloading:
 * the definition itself, and once its kind is known, the designer for that kind.
 * Each prefetched answer is taken once, so coming back to a page loads it fresh.
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

export function createPrefetch(api: Api): Prefetch {
  const definitions = new Map<string, Promise<DefinitionDetail>>();
  return {
    definition(id) {
      if (definitions.has(id)) return;
      const p = api.getDefinition(id);
      // Most definitions are forms: fetch the form designer now; the workflow designer once the kind says so.
      const preload = import('../designer/preload');
      void preload.then((m) => m.preloadDesigner('form'));
      p.then((d) => (d.kind === 'workflow' ? preload.then((m) => m.preloadDesigner('workflow')) : undefined), () => undefined);
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
