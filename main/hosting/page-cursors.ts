/**
 * Server-paged listings across calls: the live paged search stays in main behind an opaque cursor, so
 * the renderer asks for "the next page" without ever holding 10,000 entries or an LDAP cookie.
 */
import { randomBytes } from 'node:crypto';
import { failure } from '../../shared/errors';

interface OpenCursor<T> {
  pages: AsyncGenerator<T[]>;
  buffer: T[];
  lastUsed: number;
}

/** Cursors idle longer than this are closed (their server-side paged search is abandoned). */
const idleTimeoutMs = 2 * 60_000;

export class PageCursors<T> {
  private readonly open = new Map<string, OpenCursor<T>>();

  /** Starts a listing and returns its first page. */
  async start(pages: AsyncGenerator<T[]>, pageSize: number): Promise<{ items: T[]; nextCursor: string | null }> {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    this.open.set(id, { pages, buffer: [], lastUsed: Date.now() });
    return this.next(id, pageSize);
  }

  /** The next page of an open listing. */
  async next(id: string, pageSize: number): Promise<{ items: T[]; nextCursor: string | null }> {
    const cursor = this.open.get(id);
    if (!cursor) {
      throw failure({ kind: 'invalid-input', message: 'This listing has expired; reload it.', issues: [{ path: ['cursor'], message: 'unknown or expired cursor' }] });
    }
    cursor.lastUsed = Date.now();
    let done = false;
    // Server pages and requested pages may differ in size: buffer the surplus.
    while (cursor.buffer.length < pageSize) {
      const step = await cursor.pages.next().catch(async (error: unknown) => {
        this.open.delete(id);
        throw error;
      });
      if (step.done) {
        done = true;
        break;
      }
      cursor.buffer.push(...step.value);
    }
    const items = cursor.buffer.splice(0, pageSize);
    if (done && cursor.buffer.length === 0) {
      this.open.delete(id);
      return { items, nextCursor: null };
    }
    return { items, nextCursor: id };
  }

  /** Closes every open listing. */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((cursor) => cursor.pages.return(undefined).catch(() => {})));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, cursor] of this.open) {
      if (now - cursor.lastUsed > idleTimeoutMs) {
        this.open.delete(id);
        void cursor.pages.return(undefined).catch(() => {});
      }
    }
  }
}
