/** The distribution chart's ranges: powers of two from 256 MiB, plus "no quota" and an open top range. */
import type { QuotaBucket } from '../../shared/model/quota';

const mib = 2 ** 20;
const gib = 2 ** 30;

/** Upper bounds (exclusive) of the closed ranges. */
const bounds = [256 * mib, 512 * mib, gib, 2 * gib, 4 * gib, 8 * gib, 16 * gib, 32 * gib, 64 * gib];

const size = (bytes: number): string => (bytes >= gib ? `${bytes / gib} GiB` : `${bytes / mib} MiB`);

/** Empty buckets in display order. */
export function emptyBuckets(): QuotaBucket[] {
  const buckets: QuotaBucket[] = [{ fromBytes: null, toBytes: null, label: 'No quota', mailboxes: 0 }];
  let from = 0;
  for (const to of bounds) {
    buckets.push({ fromBytes: from, toBytes: to, label: from === 0 ? `< ${size(to)}` : `${size(from)} – < ${size(to)}`, mailboxes: 0 });
    from = to;
  }
  buckets.push({ fromBytes: from, toBytes: null, label: `≥ ${size(from)}`, mailboxes: 0 });
  return buckets;
}

/** Index of the bucket for a quota (null = no quota). */
export function bucketIndex(quotaBytes: number | null): number {
  if (quotaBytes === null) return 0;
  const index = bounds.findIndex((bound) => quotaBytes < bound);
  return index < 0 ? bounds.length + 1 : index + 1;
}
