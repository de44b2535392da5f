/** Waits until something accepts TCP connections on a loopback port. */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const RETRY_MS = 5;

/** Resolve true once 127.0.0.1:`port` accepts a connection, false if `keepTrying()` turns false or time runs out. */
export async function waitForTcpListener(port: number, keepTrying: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (keepTrying() && Date.now() < deadline) {
    if (await accepts(port)) return true;
    await sleep(RETRY_MS);
  }
  return false;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
