import { describe, expect, it } from 'vitest';
import { FirstScreenWarmup } from '../../../main/app/first-screen-warmup';
import type { HostingServices } from '../../../main/hosting/hosting-services';
import type { TenantSummary } from '../../../shared/model/hosting';

/** Services whose tenant list counts its reads (the warm-up is about which read answers, not about LDAP). */
function servicesReading(): { services: HostingServices; reads: () => number } {
  let reads = 0;
  const tenants = {
    list: async (): Promise<TenantSummary[]> => {
      reads += 1;
      return [];
    },
  };
  return { services: { tenants } as unknown as HostingServices, reads: () => reads };
}

describe('FirstScreenWarmup', () => {
  it('serves the list it read while the window loaded once, to the same session', async () => {
    const { services, reads } = servicesReading();
    const warmup = new FirstScreenWarmup(() => services);
    warmup.start();
    expect(reads()).toBe(1);
    expect(await warmup.take(services)).toEqual([]);
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

  it('reads nothing when not connected', () => {
    const warmup = new FirstScreenWarmup(() => null);
    warmup.start();
    const { services, reads } = servicesReading();
    expect(warmup.take(services)).toBeNull();
    expect(reads()).toBe(0);
  });
});
