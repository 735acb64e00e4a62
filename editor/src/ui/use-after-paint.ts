/**
 * `false` until the component's first render has been painted and the page had a
 * moment to itself (an idle period, or `timeout` ms at the latest); then `true`.
 * For secondary parts of a screen (a live preview beside a large form) that should
 * not compete with the main content for the first paint and the first input.
 *
 * @example
 * const ready = useAfterPaint();
 * return ready ? <Preview /> : <p>{t('preview.preparing')}</p>;
 */
import { useEffect, useState } from 'react';

export function useAfterPaint(timeout = 300): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const done = () => {
      if (!cancelled) setReady(true);
    };
    const cancels: (() => void)[] = [];
    const afterFrame = () => {
      // The frame with the first render is being painted; the idle period after it is ours.
      if (typeof requestIdleCallback === 'function') {
        const id = requestIdleCallback(done, { timeout });
        cancels.push(() => cancelIdleCallback(id));
      } else {
        const id = setTimeout(done, 0);
        cancels.push(() => clearTimeout(id));
      }
    };
    if (typeof requestAnimationFrame === 'function') {
      const id = requestAnimationFrame(() => {
        const t = setTimeout(afterFrame, 0);
        cancels.push(() => clearTimeout(t));
      });
      cancels.push(() => cancelAnimationFrame(id));
    } else afterFrame();
    return () => {
      cancelled = true;
      for (const cancel of cancels) cancel();
    };
  }, [timeout]);
  return ready;
}
