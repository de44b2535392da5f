/**
 * Bounds the operations outstanding on one connection. slapd closes a connection that has more than
 * olcConnMaxPendingAuth (1,000 by default) requests pending, and the mdb backend serializes writes
 * anyway, so queueing in the client costs nothing and keeps the connection alive.
 *
 * With `batch` above 1, a full connection lets its waiting operations in only once that many slots are free, all
 * of them at once: their requests then leave in one socket write (DirectoryConnection corks a turn's writes)
 * instead of one write per answer, while the server still has max - batch requests queued.
 */
export class InFlightLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  private readonly batch: number;

  constructor(
    private readonly max: number,
    batch = 1,
  ) {
    // A batch larger than the limit could never be let in: waiters would wait for ever.
    this.batch = Math.min(Math.max(1, batch), max);
  }

  /** Runs `task` once fewer than `max` tasks are running (and no earlier one waits). */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A released waiter's slot is counted when it is released, so no other task can take it meanwhile.
    if (this.active >= this.max || this.waiting.length > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.release();
    }
  }

  private release(): void {
    const free = this.max - this.active;
    if (this.waiting.length === 0 || free < Math.min(this.batch, this.waiting.length)) return;
    for (const resolve of this.waiting.splice(0, free)) {
      this.active += 1;
      resolve();
    }
  }
}
