/** Runs one API call at a time for a form: busy while it runs, its typed error kept until the next run. */
import { useCallback, useState } from 'react';
import { ok, type EnclaveError, type Result } from '../../shared/errors';

export interface CallState {
  busy: boolean;
  error: EnclaveError | null;
  /** Runs `call`; resolves to its value, or null when it failed (the error is then in `error`). Wrap null-valued calls in `done()`. */
  run<T>(call: () => Promise<Result<T>>): Promise<T | null>;
  clear(): void;
}

export function useCall(): CallState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EnclaveError | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (result.ok) return result.value;
    setError(result.error);
    return null;
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(null), []) };
}

/** A call whose value is null (deletes, password resets) as one that answers `true`, so `run` can tell success. */
export const done = (result: Result<unknown>): Result<true> => (result.ok ? ok(true) : result);
