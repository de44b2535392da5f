/**
 * Who may talk to the loopback host: only a browser that opened our launch URL (it holds the cookie),
 * addressing us by our exact loopback origin. Any other local process or web page gets a bare 403.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the HttpOnly cookie that carries the per-launch token. */
export const sessionCookieName = 'enclave_session';

/** A fresh per-launch secret: 32 random bytes, base64url. */
export const createLaunchToken = (): string => randomBytes(32).toString('base64url');

/** Compare two secrets in constant time; hashing first makes lengths equal and hides them. */
export function tokensMatch(candidate: string, expected: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The value of one cookie from a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The `Set-Cookie` value that hands the browser its session token. */
export const sessionCookie = (token: string): string =>
  `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;

/** Why a request was refused; kept server-side only (the response never explains). */
export type GuardRefusal = 'bad-host' | 'bad-origin' | 'no-session';

/**
 * Host must name us exactly (defeats DNS rebinding); Origin, when sent, must be ours (defeats
 * cross-site requests). The session check is separate because the launch request carries its token
 * in the query instead.
 */
export function checkAddressing(req: IncomingMessage, origin: string, hostHeader: string): GuardRefusal | null {
  if (req.headers.host !== hostHeader) return 'bad-host';
  const requestOrigin = req.headers.origin;
  if (requestOrigin !== undefined && requestOrigin !== origin) return 'bad-origin';
  return null;
}

/** True when the request carries the session cookie with our token. */
export function hasSession(req: IncomingMessage, token: string): boolean {
  const presented = readCookie(req.headers.cookie, sessionCookieName);
  return presented !== null && tokensMatch(presented, token);
}
