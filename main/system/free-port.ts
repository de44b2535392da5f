/** Asks the kernel for an unused loopback TCP port. */
import { createServer } from 'node:net';
import { failure } from '../../shared/errors';

/** A port on 127.0.0.1 that was free a moment ago (the caller retries if another process takes it first). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => {
        if (port === null) reject(failure({ kind: 'internal', message: 'The kernel assigned no loopback port.' }));
        else resolve(port);
      });
    });
  });
}
