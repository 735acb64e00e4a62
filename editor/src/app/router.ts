/**
 * A small hash router: `#/definitions/abc` → `{ name: 'definition', params: { id: 'abc' } }`.
 * Hash URLs need no server-side fallback, so deep links work however the bundle is served.
 */
import { useSyncExternalStore } from 'react';

export interface RoutePattern {
  readonly name: string;
  /** `/definitions/:id` */
  readonly path: string;
}

export interface RouteMatch {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly path: string;
}

export function matchRoute(patterns: readonly RoutePattern[], path: string): RouteMatch | null {
  const parts = path.split('/').filter(Boolean);
  for (const pattern of patterns) {
    const want = pattern.path.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((w, i) => {
      const got = parts[i]!;
      if (w.startsWith(':')) {
        params[w.slice(1)] = decodeURIComponent(got);
        return true;
      }
      return w === got;
    });
    if (ok) return { name: pattern.name, params, path };
  }
  return null;
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash.split('?')[0]! : '/';
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** `href` for a link to an in-app path. */
export const href = (path: string) => `#${path}`;
