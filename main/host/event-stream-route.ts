/** `GET /api/events`: every event the core pushes, as Server-Sent Events, until the browser goes away. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppCore } from '../app/app-core';
import { baseSecurityHeaders } from '../app/security-headers';

/** How often a comment line is sent so proxies and the browser keep an idle stream open. */
export const defaultHeartbeatMs = 15_000;

/** Open one event stream; returns the function that ends it (also run when the client disconnects). */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  core: AppCore,
  heartbeatMs: number,
): () => void {
  res.writeHead(200, {
    ...baseSecurityHeaders,
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  // Tell EventSource how long to wait before reconnecting, and flush the headers at once.
  res.write('retry: 2000\n: connected\n\n');

  const unsubscribe = core.onEvent((event, payload) => {
    res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  req.on('close', close);
  res.on('close', close);
  return close;
}
