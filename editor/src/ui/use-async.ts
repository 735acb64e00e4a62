/** Load data with loading / error / retry state; a newer load wins over an older one. */
import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    load().then(
      (data) => mine === seq.current && setState({ status: 'ready', data }),
      (error: unknown) => mine === seq.current && setState({ status: 'error', error }),
    );
  }, deps);
  useEffect(() => {
    run();
    return () => {
      seq.current++;
    };
  }, [run]);
  return { ...state, reload: run };
}
