/**
 * Like `useAsync`, but a reload keeps showing the data it has (no spinner flash, no
 * lost input in the list) until the new answer arrives; a newer load wins.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): QueryState<T> & { refreshing: boolean; reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const seq = useRef(0);
  const run = useCallback((keep: boolean) => {
    const mine = ++seq.current;
    if (keep) setRefreshing(true);
    else setState({ status: 'loading' });
    load().then(
      (data) => {
        if (mine !== seq.current) return;
        setState({ status: 'ready', data });
        setRefreshing(false);
      },
      (error: unknown) => {
        if (mine !== seq.current) return;
        setState({ status: 'error', error });
        setRefreshing(false);
      },
    );
  }, deps);
  useEffect(() => {
    run(false);
    return () => {
      seq.current++;
    };
  }, [run]);
  const reload = useCallback(() => run(true), [run]);
  return { ...state, refreshing, reload };
}
