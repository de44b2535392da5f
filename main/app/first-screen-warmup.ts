/**
 * What a window's first screen reads, started while the window loads. With 10,000 tenants the console's first
 * call, the tenant list, takes ~160 ms in main and the page ~160 ms to boot: started together, the tree paints
 * once instead of after both (issue 12's first-paint target; `npm run bench:tree`). A warm list is served once,
 * only to the session it was read for, within `maxAgeMs`, and never after a call that may have written. The tree
 * asks for its first screen before the whole list: the warm-up reads that screen first (DNs, then the first 100
 * entries by name: ~70 ms at 10,000 tenants against ~150 ms for the whole list, most of it decoding in main), then
 * the whole list, which stays for the full listing that follows (3.3 MB of JSON; the first screen's is 33 KB).
 */
import { firstScreenTenants, type TenantSummary } from '../../shared/model/hosting';
import type { HostingServices } from '../hosting/hosting-services';

interface Warm {
  /** The first tenants by name (`firstScreenTenants`), read first: DNs, then only those entries. */
  screen: Promise<TenantSummary[]>;
  /** The whole list, read once the first screen is in (reading both at once slows the first). */
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
    this.warmFor(services);
  }

  /** The warm list for `services`, once; null when there is none, it is too old or was read for another session. */
  take(services: HostingServices): Promise<TenantSummary[]> | null {
    const warm = this.usable(services);
    this.warm = null;
    return warm?.list ?? null;
  }

  /**
   * The first `count` tenants by name, for the tree's first screen: from the warm reads (left in place for the whole
   * listing asked for next), or from reads started now and kept warm the same way. More than a screen's worth comes
   * from the whole list.
   */
  async firstScreen(services: HostingServices, count: number): Promise<TenantSummary[]> {
    const warm = this.usable(services) ?? this.warmFor(services);
    return (await (count <= firstScreenTenants ? warm.screen : warm.list)).slice(0, count);
  }

  private usable(services: HostingServices): Warm | null {
    const warm = this.warm;
    if (warm === null || warm.services !== services || this.now() - warm.startedAt > this.maxAgeMs) return null;
    return warm;
  }

  private warmFor(services: HostingServices): Warm {
    const screen = services.tenants.firstByName(firstScreenTenants);
    const readList = () => services.tenants.list({ counts: false });
    const list = screen.then(readList, readList);
    // Nobody may take them: their failures must not go unhandled (a taker sees the rejection itself).
    screen.catch(() => {});
    list.catch(() => {});
    this.warm = { screen, list, services, startedAt: this.now() };
    return this.warm;
  }

  /** A call that may write: a list read before it is stale. */
  invalidate(): void {
    this.warm = null;
  }
}
