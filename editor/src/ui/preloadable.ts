/**
 * A component whose code loads on first use, like `React.lazy`, that can also be
 * fetched ahead of rendering and then renders without suspending.
 *
 * Why not plain `lazy` + `<Suspense>` on the way to a screen: when content replaces
 * a Suspense fallback, React holds the reveal back until 300 ms after the fallback
 * appeared (to batch reveals). Opening a designer by its URL passed two such
 * fallbacks (the page's chunk, then the designer's), so a designer whose code had
 * arrived sat finished but unshown for up to 300 ms. Waiting for the code with
 * ordinary state ({@link useLoaded}) shows it in the first commit after it arrives.
 *
 * @example
 * const Page = preloadable(() => import('./Page'));
 * void Page.preload();                      // start fetching early
 * const ready = useLoaded(Page);           // in the parent: true once the code is in
 * return ready ? <Page id={id} /> : <Loading />;
 */
import { createElement, lazy, useEffect, useReducer, useState, type ComponentType, type FunctionComponent } from 'react';

export interface Preloadable<P> extends FunctionComponent<P> {
  /** Fetch the code (once; again after a failure). Resolves with the component. */
  preload(): Promise<ComponentType<P>>;
  /** The component once its code is in, else null. */
  readonly loaded: ComponentType<P> | null;
  /** The last attempt to load failed (rendering it then shows the error through Suspense/an error boundary). */
  readonly failed: boolean;
}

export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => {
        made.loaded = m.default;
        made.failed = false;
        return m.default;
      },
      (error: unknown) => {
        pending = null;
        made.failed = true;
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  function Preloaded(props: P) {
    // Fixed per mounted instance: switching from the lazy wrapper to the component would remount it.
    const [direct] = useState(() => made.loaded);
    return direct ? createElement(direct, props) : createElement(Lazy, props);
  }
  const made = Object.assign(Preloaded, { preload, loaded: null as ComponentType<P> | null, failed: false });
  return made;
}

/** Whether `component`'s code is in (or failed to load, so rendering it reports why); starts loading it if not. */
export function useLoaded<P>(component: Preloadable<P> | null | undefined): boolean {
  const [, settled] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!component || component.loaded) return;
    let live = true;
    component.preload().then(
      () => live && settled(),
      () => live && settled(),
    );
    return () => {
      live = false;
    };
  }, [component]);
  return !component || component.loaded !== null || component.failed;
}
