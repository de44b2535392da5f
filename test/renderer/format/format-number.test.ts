import { describe, expect, it } from 'vitest';
import { countOf, formatCount, formatLimit, formatPercent, formatPool, formatSizesInText } from '../../../renderer/format/format-number';

describe('formatSizesInText()', () => {
  it('rewrites every spelling of a size main uses into the console format', () => {
    expect(formatSizesInText('A quota of 40.00 GiB exceeds 42.00 GiB of 100.00 GiB; at most 45097156608 bytes are left')).toBe(
      'A quota of 40 GiB exceeds 42 GiB of 100 GiB; at most 42 GiB are left',
    );
    expect(formatSizesInText('1 byte, 1536 bytes, 0.5 TiB')).toBe('1 byte, 1.5 KiB, 512 GiB');
  });

  it('leaves other numbers alone', () => {
    expect(formatSizesInText('row 3 of 2,000 rows, error 19')).toBe('row 3 of 2,000 rows, error 19');
  });
});

describe('counts, percents and limits', () => {
  it('has one format each', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(countOf(1, 'mailbox', 'mailboxes')).toBe('1 mailbox');
    expect(countOf(2000, 'mailbox', 'mailboxes')).toBe('2,000 mailboxes');
    expect(formatPercent(1.333)).toBe('133%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPool(null)).toBe('No limit');
    expect(formatPool(100 * 2 ** 30)).toBe('100 GiB');
    expect(formatLimit(500)).toBe('500');
    expect(formatLimit(null)).toBe('No limit');
  });
});
