import { describe, expect, it } from 'vitest';
import { formatBytes, formatQuota } from '../../../renderer/format/format-bytes';

describe('formatBytes()', () => {
  it('counts small sizes in bytes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1023 bytes');
  });

  it('uses binary units with at most one decimal', () => {
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TiB');
  });

  it('steps up a unit instead of printing 1024 of the smaller one', () => {
    expect(formatBytes(1024 ** 2 - 1)).toBe('1 MiB');
    expect(formatBytes(1024 ** 3 - 20)).toBe('1 GiB');
  });

  it('stops at the largest unit', () => {
    expect(formatBytes(2048 * 1024 ** 5)).toBe('2048 PiB');
  });

  it('refuses nonsense rather than printing it', () => {
    expect(formatBytes(-1)).toBe('Invalid size');
    expect(formatBytes(Number.NaN)).toBe('Invalid size');
  });
});

describe('formatQuota()', () => {
  it('says when a mailbox has no quota of its own', () => {
    expect(formatQuota(null)).toBe('Not set');
    expect(formatQuota(10 * 1024 ** 3)).toBe('10 GiB');
  });
});
