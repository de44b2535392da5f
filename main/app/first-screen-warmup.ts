/**
 * What a window's first screen reads, started while the window loads. With 10,000 tenants the console's first
 * call, the tenant list, takes ~160 ms in main and the page ~160 ms to boot: started together, the tree paints
 * once instead of after both (issue 12's first-paint target; `npm run bench:tree`). A warm list is served once,
 * only to the session it was read for, within `maxAgeMs`, and never after a call that may have written.
 */
import type { TenantSummary } from '../../shared/model/hosting';
import type { HostingServices } from '../hosting/hosting-services';

interface Warm {
  list: Promise<TenantSummary[]>;
  services: HostingServices;
  startedAt: number;
}

export class FirstScreenWarmup {
  private warm: Warm | null = null;

  constructor(
    private readonly services: () => HostingServices | null,
    private readonly maxAgeMs = 3_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A window starts loading: read the tenant list (without counts) for it. Does nothing when not connected. */
  start(): void {
    const services = this.services();
    if (services === null) return;
    const list = services.tenants.list({ counts: false });
    // Nobody may take it: its failure must not go unhandled (a taker sees the rejection itself).
    list.catch(() => {});
    this.warm = { list, services, startedAt: this.now() };
  }

  /** The warm list for `services`, once; null when there is none, it is too old or was read for another session. */
  take(services: HostingServices): Promise<TenantSummary[]> | null {
    const warm = this.warm;
    this.warm = null;
    if (warm === null || warm.services !== services || this.now() - warm.startedAt > this.maxAgeMs) return null;
    return warm.list;
  }

  /** A call that may write: a list read before it is stale. */
  invalidate(): void {
    this.warm = null;
  }
}
