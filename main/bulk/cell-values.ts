/** The typed values of import cells: quotas with units, yes/no flags, lists of aliases and groups. */
import { listSeparator, unlimitedQuotaWord } from '../../shared/model/bulk-import';

const unitFactors: Record<string, number> = {
  '': 1,
  b: 1,
  // Mail servers (Dovecot, Exchange) count quotas in powers of 1024 whatever the spelling.
  k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10,
  m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20,
  g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30,
  t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40,
};

/** A quota cell: `{ bytes }` (null = unlimited), `'empty'`, or an error message. */
export function parseQuota(cell: string): { bytes: number | null } | 'empty' | { error: string } {
  const text = cell.trim().toLowerCase();
  if (text === '') return 'empty';
  if (text === unlimitedQuotaWord || text === 'none') return { bytes: null };
  // Decimal comma as typed in European spreadsheets: "1,5 GB".
  const match = /^(\d+(?:[.,]\d+)?)\s*([a-z]*)$/.exec(text);
  const factor = match ? unitFactors[match[2] ?? ''] : undefined;
  if (!match || factor === undefined) return { error: `"${cell.trim()}" is not a quota: give bytes or a number with KiB, MiB, GiB or TiB (e.g. 2GB, 500 MiB), or "unlimited"` };
  const bytes = Math.round(Number((match[1] ?? '').replace(',', '.')) * factor);
  if (!Number.isSafeInteger(bytes)) return { error: `"${cell.trim()}" is too large a quota` };
  // The directory stores "unlimited" as 0, so a zero quota would silently mean no limit.
  if (bytes === 0) return { error: `"${cell.trim()}" is not a quota: a quota is at least 1 byte; write "unlimited" for no limit` };
  return { bytes };
}

/** A quota as the export writes it: whole GiB/MiB when exact, else bytes; null as "unlimited". */
export function formatQuota(bytes: number | null): string {
  if (bytes === null) return unlimitedQuotaWord;
  for (const [unit, factor] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor} ${unit}`;
  }
  return String(bytes);
}

const yes = new Set(['yes', 'y', 'true', '1', 'active', 'enabled', 'on', 'ja', 'oui', 'x']);
const no = new Set(['no', 'n', 'false', '0', 'disabled', 'inactive', 'off', 'nein', 'non', 'suspended']);

/** An enabled cell: true/false, 'empty', or an error message. */
export function parseEnabled(cell: string): boolean | 'empty' | { error: string } {
  const text = cell.trim().toLowerCase();
  if (text === '') return 'empty';
  if (yes.has(text)) return true;
  if (no.has(text)) return false;
  return { error: `"${cell.trim()}" is not yes or no` };
}

/** Aliases: addresses cannot contain separators, so any of | , ; and white space (new lines too) will do. */
export const splitAliases = (cell: string): string[] => cell.split(/[|,;\s]+/).filter((part) => part !== '');

/** Groups: names may hold spaces and commas, so only | and new lines separate them. */
export const splitGroups = (cell: string): string[] =>
  cell
    .split(/[|\r\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Joins a list for an exported cell. */
export const joinList = (items: string[]): string => items.join(` ${listSeparator} `);
