/** Small writers for host responses; every one carries the base security headers and no CORS headers. */
import type { ServerResponse } from 'node:http';
import type { EnclaveError, Result } from '../../shared/errors';
import { baseSecurityHeaders } from '../app/security-headers';

/** Write a complete response with the base security headers plus `headers`. */
export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: string | Buffer = '',
): void {
  res.writeHead(status, { ...baseSecurityHeaders, ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A JSON `Result` body. Call outcomes are 200 whatever they say: errors are data, not HTTP statuses. */
export function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(result));
}

/** A failed `Result` with the given HTTP status, for requests that never reached dispatch. */
export function sendError(res: ServerResponse, status: number, error: EnclaveError): void {
  sendResult(res, status, { ok: false, error });
}

/** A bare refusal: says nothing about which check failed or what was expected. */
export function sendForbidden(res: ServerResponse): void {
  send(res, 403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, 'Forbidden\n');
}

/** A plain-text status page (404, 405, ...). */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  send(res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, `${text}\n`);
}
