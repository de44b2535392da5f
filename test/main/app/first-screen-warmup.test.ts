import { describe, expect, it } from 'vitest';
import { FirstScreenWarmup } from '../../../main/app/first-screen-warmup';
import type { HostingServices } from '../../../main/hosting/hosting-services';
import { firstScreenTenants, type TenantSummary } from '../../../shared/model/hosting';

/** Services whose tenant list counts its reads (the warm-up is about which read answers, not about LDAP). */
function servicesReading(names: string[] = []): { services: HostingServices; reads: () => number; screenReads: () => number } {
  let reads = 0;
  let screenReads = 0;
  const summaries = (list: string[]) => list.map((name) => ({ name }) as TenantSummary);
  const tenants = {
    list: async (): Promise<TenantSummary[]> => {
      reads += 1;
      return summaries(names);
    },
    // The first screen: the first `count` names (the real one reads DNs, then those entries).
    firstByName: async (count: number): Promise<TenantSummary[]> => {
      screenReads += 1;
      return summaries(names.slice(0, count));
    },
  };
  return { services: { tenants } as unknown as HostingServices, reads: () => reads, screenReads: () => screenReads };
}

describe('FirstScreenWarmup', () => {
  it('serves the list it read while the window loaded once, to the same session', async () => {
    const { services, reads, screenReads } = servicesReading();
    const warmup = new FirstScreenWarmup(() => services);
    warmup.start();
    expect(screenReads()).toBe(1);
    expect(await warmup.take(services)).toEqual([]);
    expect(reads()).toBe(1);
    expect(warmup.take(services)).toBeNull();
  });

  it('serves nothing that is too old, read for another session, or read before a call that may write', () => {
    const { services } = servicesReading();
    const other = servicesReading().services;
    let now = 0;
    const warmup = new FirstScreenWarmup(() => services, 3_000, () => now);
    warmup.start();
    now = 3_001;
    expect(warmup.take(services)).toBeNull();
    warmup.start();
    expect(warmup.take(other)).toBeNull();
    warmup.start();
    warmup.invalidate();
    expect(warmup.take(services)).toBeNull();
  });

  it('answers the first screen from its own read, then the whole listing from the list read after it', async () => {
    const names = Array.from({ length: firstScreenTenants + 5 }, (_, i) => `t${String(i).padStart(3, '0')}`);
    const { services, reads, screenReads } = servicesReading(names);
    const warmup = new FirstScreenWarmup(() => services);
    warmup.start();
    expect((await warmup.firstScreen(services, 2)).map((t) => t.name)).toEqual(['t000', 't001']);
    // More than a first screen's worth comes from the whole list.
    expect(await warmup.firstScreen(services, firstScreenTenants + 1)).toHaveLength(firstScreenTenants + 1);
    expect(await warmup.take(services)).toHaveLength(names.length);
    expect([screenReads(), reads()]).toEqual([1, 1]);
  });

  it('reads the list for a first screen asked for without a warm one, once for it and the whole listing', async () => {
    const { services, reads } = servicesReading(['a', 'b']);
    const other = servicesReading(['x']).services;
    const warmup = new FirstScreenWarmup(() => other);
    warmup.start();
    // The warm list is another session's: this session's first screen reads its own, and keeps it.
    expect((await warmup.firstScreen(services, 1)).map((t) => t.name)).toEqual(['a']);
    expect((await warmup.take(services))?.map((t) => t.name)).toEqual(['a', 'b']);
    expect(reads()).toBe(1);
    warmup.start();
    warmup.invalidate();
    expect(await warmup.firstScreen(services, 5)).toHaveLength(2);
    expect(reads()).toBe(2);
  });

  it('reads nothing when not connected', () => {
    const warmup = new FirstScreenWarmup(() => null);
    warmup.start();
    const { services, reads, screenReads } = servicesReading();
    expect(warmup.take(services)).toBeNull();
    expect([screenReads(), reads()]).toEqual([0, 0]);
  });
});
