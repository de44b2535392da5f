/**
 * Bound connections reserved for paged searches. slapd keeps one paged-search state per connection, so a
 * second paged search on the same connection invalidates the first one's cookie ("paged results cookie is
 * invalid or old"). Each running paged search therefore gets a connection of its own, reused afterwards.
 */
import type { Client } from 'ldapts';

export class PagingLanes {
  private readonly idle: Client[] = [];
  private readonly waiting: (() => void)[] = [];
  private open = 0;

  constructor(
    private readonly connect: () => Promise<Client>,
    private readonly max: number,
  ) {}

  /** A bound connection no other paged search is using; waits when `max` are busy. */
  async acquire(): Promise<Client> {
    for (;;) {
      const client = this.idle.pop();
      if (!client) break;
      if (client.isConnected && client.isBound) return client;
      this.discard(client);
    }
    if (this.open < this.max) {
      this.open += 1;
      try {
        return await this.connect();
      } catch (error) {
        this.open -= 1;
        this.waiting.shift()?.();
        throw error;
      }
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.acquire();
  }

  /** Hands a connection back; a broken one is closed instead of reused. */
  release(client: Client, healthy: boolean): void {
    if (healthy && client.isConnected) this.idle.push(client);
    else this.discard(client);
    this.waiting.shift()?.();
  }

  /** Closes the idle connections (busy ones close when released unhealthy or at dispose). */
  async closeIdle(): Promise<void> {
    const idle = this.idle.splice(0);
    this.open -= idle.length;
    await Promise.all(idle.map((client) => client.unbind().catch(() => {})));
  }

  private discard(client: Client): void {
    this.open -= 1;
    void client.unbind().catch(() => {});
  }
}
