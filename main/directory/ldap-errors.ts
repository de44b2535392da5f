/**
 * The one place where ldapts and socket errors become Enclave errors. Callers branch on `kind`, never on
 * message text (ldapts has one error class per LDAP result code).
 */
import {
  AlreadyExistsError,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  NotAllowedOnNonLeafError,
  ResultCodeError,
  UnwillingToPerformError,
} from 'ldapts';
import { EnclaveFailure, type EnclaveError } from '../../shared/errors';

const unreachableCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/**
 * A server that accepted the connection but did not answer in time: on a new connection its bind, on a held one
 * a liveness probe. Reported as unreachable (with the URL), so the next server is tried.
 */
export class NoResponseError extends Error {
  constructor(
    readonly url: string,
    readonly waitedMs: number,
    readonly what: string,
  ) {
    super(`${url} did not answer ${what} within ${formatSeconds(waitedMs)}`);
    this.name = 'NoResponseError';
  }
}

const formatSeconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

export interface ErrorContext {
  /** The server URL in use, for connection errors. */
  url?: string;
  /** What was being acted on, in words ("mailbox alice of Acme"). */
  target?: string;
}

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/** True for errors that mean the TCP/TLS connection is gone or never came up. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof NoResponseError) return true;
  const code = errorCode(error);
  if (code && (unreachableCodes.has(code) || droppedCodes.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  // ldapts's own words for a socket that died under pending requests ("Socket error. Message type: …").
  return /connection (closed|timeout|ended|not established)|socket (closed|hang up|error)|not connected/i.test(message);
}

/** Maps anything thrown while talking to the directory to an EnclaveError. */
export function toEnclaveError(error: unknown, context: ErrorContext = {}): EnclaveError {
  if (error instanceof EnclaveFailure) return error.error;
  const on = context.target ? ` (${context.target})` : '';
  const url = context.url ?? 'the server';
  if (error instanceof ResultCodeError) {
    const serverMessage = error.message;
    if (error instanceof InvalidCredentialsError) {
      return {
        kind: 'invalid-credentials',
        ldapCode: 49,
        message: `The server rejected the bind DN or password${on}. Check both; after repeated failures the account may be locked.`,
      };
    }
    if (error instanceof InsufficientAccessError) {
      return {
        kind: 'insufficient-access',
        ldapCode: 50,
        serverMessage,
        message: `The directory refused this for your account${on}: insufficient access rights.`,
      };
    }
    if (error instanceof NoSuchObjectError) {
      return { kind: 'not-found', target: context.target ?? '', message: `Not found${on}: it does not exist or you may not see it.` };
    }
    if (error instanceof AlreadyExistsError) {
      return { kind: 'already-exists', target: context.target ?? '', message: `Already exists${on}.` };
    }
    if (error instanceof NotAllowedOnNonLeafError) {
      return { kind: 'not-empty', target: context.target ?? '', count: -1, message: `Cannot remove${on}: it still contains entries.` };
    }
    if (error instanceof ConstraintViolationError || error instanceof UnwillingToPerformError) {
      return {
        kind: 'policy-violation',
        ldapCode: error.code,
        serverMessage,
        message: `The directory's policy refused this${on}: ${serverMessage || 'constraint violation'}.`,
      };
    }
    return {
      kind: 'ldap',
      ldapCode: error.code,
      serverMessage,
      message: `The directory answered with error ${error.code}${on}: ${serverMessage || 'no details given'}.`,
    };
  }
  if (error instanceof NoResponseError) {
    return {
      kind: 'server-unreachable',
      url: error.url,
      message: `${error.url} accepted the connection but did not answer ${error.what} within ${formatSeconds(error.waitedMs)}. The server may be hung or overloaded; the next server URL is tried, if any.`,
    };
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code && tlsCodes.has(code)) {
    return {
      kind: 'tls-verification-failed',
      url,
      reason: code,
      message: `The TLS certificate of ${url} could not be verified (${code}). Add the CA certificate that signed it to the connection, or check the server name.`,
    };
  }
  if ((code && unreachableCodes.has(code)) || /connection timeout/i.test(detail)) {
    return {
      kind: 'server-unreachable',
      url,
      message: `Cannot reach ${url} (${code ?? 'timed out'}). Check the address, port and firewall, and that the directory server is running.`,
    };
  }
  if (isConnectionError(error)) {
    return { kind: 'connection-lost', message: `The connection to ${url} was lost (${code ?? detail}). It is re-established on the next action.` };
  }
  return { kind: 'internal', message: `Unexpected error${on}: ${detail}` };
}
