import { describe, expect, it } from 'vitest';
import { byteTicks } from '../../../renderer/format/byte-ticks';
import { formatBytes } from '../../../renderer/format/format-bytes';

const gib = 2 ** 30;
const shown = (max: number) => byteTicks(max).map(formatBytes);

describe('byteTicks()', () => {
  it('puts ticks on round binary sizes that cover the largest value', () => {
    expect(shown(5.6 * gib)).toEqual(['0 bytes', '2 GiB', '4 GiB', '6 GiB']);
    expect(shown(60 * gib)).toEqual(['0 bytes', '20 GiB', '40 GiB', '60 GiB']);
    expect(shown(100 * gib)).toEqual(['0 bytes', '25 GiB', '50 GiB', '75 GiB', '100 GiB']);
    expect(shown(1.5 * 2 ** 20)).toEqual(['0 bytes', '512 KiB', '1 MiB', '1.5 MiB']);
  });

  it('never prints an odd decimal and stays within a handful of ticks', () => {
    for (const max of [1, 1000, 3 * gib, 7.3 * gib, 123 * gib, 3.3 * 2 ** 40]) {
      const ticks = byteTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
      for (const label of ticks.map(formatBytes)) expect(label).toMatch(/^\d+(\.5)? (bytes?|KiB|MiB|GiB|TiB)$/);
    }
  });

  it('has one tick for nothing', () => {
    expect(byteTicks(0)).toEqual([0]);
  });
});
