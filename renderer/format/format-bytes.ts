/**
 * Byte sizes in the units mail administrators read quotas in. Binary (IEC) units, because mail servers
 * enforce quotas in powers of 1024 and "GB" would hide a 7% difference.
 */

const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** "1.5 GiB", "512 MiB", "0 bytes": at most one decimal, dropped when it is zero. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'Invalid size';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Rounding 1023.96 up to "1024.0 KiB" would read oddly; step to the next unit instead.
  if (Math.round(value * 10) / 10 >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1);
  return `${text} ${units[unit]}`;
}

/** A quota cell: null means the mailbox carries no quota of its own. */
export const formatQuota = (quotaBytes: number | null): string =>
  quotaBytes === null ? 'Not set' : formatBytes(quotaBytes);
