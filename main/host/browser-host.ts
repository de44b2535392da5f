/**
 * The loopback browser host: serves the built renderer and carries the contract over HTTP when there is
 * no Electron. It answers only 127.0.0.1, only to the browser that opened the per-launch URL.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppCore } from '../app/app-core';
import { handleApiCall } from './api-call-route';
import { contentTypeFor } from './content-types';
import { defaultHeartbeatMs, openEventStream } from './event-stream-route';
import { checkAddressing, createLaunchToken, hasSession, sessionCookie, tokensMatch } from './request-guard';
import { send, sendForbidden, sendText } from './responses';
import { baseSecurityHeaders } from '../app/security-headers';
import { lookupStaticFile } from './static-files';

/** How to start the browser host. */
export interface BrowserHostOptions {
  /** Folder with the renderer build (index.html and its assets). */
  staticDir: string;
  /** Loopback port; a free one is chosen when absent or 0. */
  port?: number;
  /** Interval of SSE heartbeat comments (tests shorten it). */
  heartbeatMs?: number;
}

/** A running browser host. */
export interface BrowserHost {
  /** `http://127.0.0.1:PORT/` — useless without the session cookie. */
  url: string;
  /** The one-time entrance: sets the session cookie and redirects to `url`. Contains the token. */
  launchUrl: string;
  port: number;
  /** Stop accepting requests, end event streams and close every connection. */
  close(): Promise<void>;
}

const callPrefix = '/api/call/';

/** Start the host on 127.0.0.1. Resolves once it is listening. */
export async function startBrowserHost(core: AppCore, options: BrowserHostOptions): Promise<BrowserHost> {
  const token = createLaunchToken();
  const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
  const openStreams = new Set<() => void>();
  // Filled in once listening; requests cannot arrive before then.
  let origin = '';
  let hostHeader = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (checkAddressing(req, origin, hostHeader) !== null) return sendForbidden(res);
    const rawUrl = req.url ?? '';
    if (!rawUrl.startsWith('/')) return sendForbidden(res);
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));

    const launchToken = query.get('token');
    if (pathname === '/' && launchToken !== null) {
      if (!tokensMatch(launchToken, token)) return sendForbidden(res);
      // 303 so the token leaves the address bar and the history entry.
      return send(res, 303, { Location: '/', 'Set-Cookie': sessionCookie(token) });
    }
    if (!hasSession(req, token)) return sendForbidden(res);

    if (pathname.startsWith(callPrefix)) {
      return handleApiCall(req, res, core, pathname.slice(callPrefix.length));
    }
    if (pathname === '/api/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET' });
      const close = openEventStream(req, res, core, heartbeatMs);
      openStreams.add(close);
      res.on('close', () => openStreams.delete(close));
      return;
    }
    if (pathname.startsWith('/api/')) return sendText(res, 404, 'Not Found');
    // The page itself: its first screen's data is read while it boots.
    if (req.method === 'GET' && (pathname === '/' || pathname === '/index.html')) core.windowLoading();
    return serveStatic(req, res, options.staticDir, pathname);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  // Slow-loris and idle-socket bounds; event streams stay open because they keep writing heartbeats.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  return {
    url: `${origin}/`,
    launchUrl: `${origin}/?token=${token}`,
    port,
    close: async () => {
      for (const close of openStreams) close();
      openStreams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
  // Refused paths look exactly like missing ones: no hint about what lies outside the build folder.
  const found = await lookupStaticFile(root, pathname);
  if (found.kind !== 'file') return sendText(res, 404, 'Not Found');
  const headers = { 'Content-Type': contentTypeFor(found.path) };
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...baseSecurityHeaders, ...headers, 'Content-Length': found.size });
    res.end();
    return;
  }
  return send(res, 200, headers, await readFile(found.path));
}
