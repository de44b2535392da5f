/**
 * Bounds the operations outstanding on one connection. slapd closes a connection that has more than
 * olcConnMaxPendingAuth (1,000 by default) requests pending, and the mdb backend serializes writes
 * anyway, so queueing in the client costs nothing and keeps the connection alive.
 */
export class InFlightLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Runs `task` once fewer than `max` tasks are running. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
