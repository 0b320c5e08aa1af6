import { useCallback, useRef, useState } from 'react';

/** Runs an async action with a busy flag and a readable error; the result is undefined when it failed. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const latest = useRef(action);
  latest.current = action;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
