/** `POST /api/call/<name>`: read a bounded JSON body, hand it to the core, return its Result as JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCallName } from '../../shared/ipc/call-names';
import type { AppCore } from '../app/app-core';
import { sendError, sendResult, sendText } from './responses';

/** Largest request body accepted: the contract lets a bulk-import file be 64 MiB, base64-encoded when it is not UTF-8 (a third more). */
export const maxRequestBodyBytes = 96 * 1024 * 1024;

type BodyRead = { kind: 'body'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

const isJsonContentType = (header: string | undefined): boolean =>
  header !== undefined && header.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Serve one API call. `name` is the raw path segment after `/api/call/`. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  core: AppCore,
  name: string,
): Promise<void> {
  if (!isCallName(name)) {
    // Unknown names stop here, before any body is read or the core sees them.
    sendError(res, 404, { kind: 'not-found', message: `There is no call named "${name.slice(0, 64)}".`, target: 'call' });
    return;
  }
  if (req.method !== 'POST') {
    sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
    return;
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    sendError(res, 415, { kind: 'invalid-input', message: 'Calls must be sent as application/json.', issues: [] });
    return;
  }
  const body = await readBody(req, maxRequestBodyBytes);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    res.setHeader('Connection', 'close');
    sendError(res, 413, { kind: 'invalid-input', message: 'The request is too large.', issues: [] });
    return;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.text);
  } catch {
    sendError(res, 400, { kind: 'invalid-input', message: 'The request body is not valid JSON.', issues: [] });
    return;
  }
  try {
    sendResult(res, 200, await core.dispatch(name, payload));
  } catch (error) {
    // dispatch promises never to throw; if it does, the renderer still gets data, not a broken socket.
    const message = error instanceof Error ? error.message : String(error);
    sendError(res, 500, { kind: 'internal', message: `The call failed unexpectedly: ${message}` });
  }
}
