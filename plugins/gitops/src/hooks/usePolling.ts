import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollingState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  /** Loads again now (after an action). */
  refresh: () => void;
}

/**
 * Loads `load()` and again after `intervalMs(value)` (so the interval can be
 * shorter while something is progressing). Keeps the last value while
 * reloading; stops when unmounted.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: (value: T | undefined) => number,
): PollingState<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    load().then(
      value => {
        if (cancelled) return;
        setState({ value, loading: false });
        timer = setTimeout(
          () => setTick(t => t + 1),
          intervalRef.current(value),
        );
      },
      error => {
        if (cancelled) return;
        setState(s => ({ value: s.value, error, loading: false }));
        timer = setTimeout(
          () => setTick(t => t + 1),
          intervalRef.current(undefined),
        );
      },
    );
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [tick, load]);

  const refresh = useCallback(() => setTick(t => t + 1), []);
  return { ...state, refresh };
}
