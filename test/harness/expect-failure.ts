/** Asserts that a promise fails with an EnclaveFailure of the given kind (and message pattern). */
import { expect } from 'vitest';
import { EnclaveFailure, type EnclaveError, type EnclaveErrorKind } from '../../shared/errors';

export async function expectFailure(promise: Promise<unknown>, kind: EnclaveErrorKind, message?: RegExp): Promise<EnclaveError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, `expected a "${kind}" failure, but the call succeeded`).toBeInstanceOf(EnclaveFailure);
  const error = (outcome as EnclaveFailure).error;
  expect(error.kind, error.message).toBe(kind);
  if (message) expect(error.message).toMatch(message);
  return error;
}
