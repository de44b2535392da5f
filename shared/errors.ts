/**
 * Errors cross the process boundary as data: a discriminated union on `kind`.
 * Each kind carries a message an administrator can act on; LDAP-originated ones keep the result code
 * and the server's own diagnostic so nothing the server said is lost.
 */

/** Everything that can go wrong, as seen by the renderer and the CLI. */
export type EnclaveError =
  | { kind: 'invalid-input'; message: string; issues: InputIssue[] }
  | { kind: 'invalid-credentials'; message: string; ldapCode: 49 }
  | { kind: 'server-unreachable'; message: string; url: string }
  | { kind: 'tls-verification-failed'; message: string; url: string; reason: string }
  /** The server offers no TLS the connection asked for (StartTLS refused, nothing on the LDAPS port). */
  | { kind: 'tls-unavailable'; message: string; url: string; serverMessage: string }
  | { kind: 'connection-lost'; message: string }
  | { kind: 'not-connected'; message: string }
  | { kind: 'insufficient-access'; message: string; ldapCode: 50; serverMessage: string }
  | { kind: 'not-found'; message: string; target: string }
  | { kind: 'already-exists'; message: string; target: string; field?: string }
  | { kind: 'address-in-use'; message: string; address: string; usedBy: string }
  | { kind: 'not-empty'; message: string; target: string; count: number }
  | { kind: 'policy-violation'; message: string; ldapCode: number; serverMessage: string }
  | { kind: 'ldap'; message: string; ldapCode: number; serverMessage: string }
  | { kind: 'sandbox-unavailable'; message: string; missingPackage?: string }
  | { kind: 'internal'; message: string }
  /** The entry changed on the server since it was read (its revision differs); nothing was written. */
  | { kind: 'conflict'; message: string; target: string }
  /** The audit journal could not be written, so the change was not made (the journal fails closed). */
  | { kind: 'audit-unavailable'; message: string; journal: string };

/** One problem with one field of a request. `path` is the field's location, e.g. ["aliases", 1]. */
export interface InputIssue {
  path: (string | number)[];
  message: string;
}

export type EnclaveErrorKind = EnclaveError['kind'];

/** The outcome of every call across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: EnclaveError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: EnclaveError): Result<T> => ({ ok: false, error });

/**
 * Thrown inside main-process services to abort with a typed error; the API layer turns it back into data.
 * Never crosses the boundary as an exception.
 */
export class EnclaveFailure extends Error {
  constructor(readonly error: EnclaveError) {
    super(error.message);
    this.name = 'EnclaveFailure';
  }
}

/** Shorthand for services: `throw failure({ kind: 'not-found', ... })`. */
export const failure = (error: EnclaveError): EnclaveFailure => new EnclaveFailure(error);

/** Narrow an error to a kind, for callers that branch on it. */
export function isErrorKind<K extends EnclaveErrorKind>(
  error: EnclaveError,
  kind: K,
): error is Extract<EnclaveError, { kind: K }> {
  return error.kind === kind;
}
