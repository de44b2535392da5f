/** Keeps the N largest quotas seen while streaming, without holding every mailbox. */
import type { TopMailbox, UsedMailbox } from '../../shared/model/quota';

export class TopMailboxes {
  private readonly items: TopMailbox[] = [];
  private floor = -1;

  constructor(private readonly size: number) {}

  /** Offers one mailbox; cheap when it is smaller than the current N-th. */
  offer(item: TopMailbox): void {
    if (this.items.length >= this.size && item.quotaBytes <= this.floor) return;
    this.items.push(item);
    // Sorting only when over capacity keeps the common (rejected) case at one comparison.
    if (this.items.length > this.size) {
      this.items.sort((a, b) => b.quotaBytes - a.quotaBytes);
      this.items.length = this.size;
      this.floor = this.items[this.items.length - 1]?.quotaBytes ?? -1;
    }
  }

  /** Largest first. */
  list(): TopMailbox[] {
    return [...this.items].sort((a, b) => b.quotaBytes - a.quotaBytes || a.login.localeCompare(b.login));
  }
}

/** Keeps the N mailboxes storing most while streaming. */
export class LargestByUse {
  private readonly items: UsedMailbox[] = [];

  constructor(private readonly size: number) {}

  offer(item: UsedMailbox): void {
    const last = this.items[this.items.length - 1];
    if (this.items.length >= this.size && last !== undefined && item.usedBytes <= last.usedBytes) return;
    this.items.push(item);
    this.items.sort((a, b) => b.usedBytes - a.usedBytes || a.login.localeCompare(b.login));
    if (this.items.length > this.size) this.items.length = this.size;
  }

  list(): UsedMailbox[] {
    return [...this.items];
  }
}
