/**
 * The console's one format per quantity: counts with thousands separators, shares as whole percents, and
 * limits that are not set in the same words everywhere. Sizes are format-bytes.ts.
 */
import { formatBytes } from './format-bytes';

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "12,345". */
export const formatCount = (count: number): string => counts.format(count);

/** "60%": a share of a limit, rounded to a whole percent; "–" when there is no limit to be a share of. */
export const formatPercent = (ratio: number | null): string => (ratio === null || !Number.isFinite(ratio) ? '–' : `${Math.round(ratio * 100)}%`);

/** A tenant's storage pool or mailbox limit: "No limit" when none is set. */
export const formatPool = (bytes: number | null): string => (bytes === null ? 'No limit' : formatBytes(bytes));
export const formatLimit = (count: number | null): string => (count === null ? 'No limit' : formatCount(count));

/** "1 mailbox", "2,000 mailboxes". */
export const countOf = (count: number, one: string, many: string): string => `${formatCount(count)} ${count === 1 ? one : many}`;

const unitFactors: Readonly<Record<string, number>> = { byte: 1, bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/**
 * Sizes inside a sentence main wrote ("42.00 GiB", "45097156608 bytes") in the console's own format ("42 GiB"),
 * so one message never mixes three spellings of the same quantity.
 */
export function formatSizesInText(text: string): string {
  return text.replace(/\b(\d+(?:\.\d+)?)\s?(bytes|byte|KiB|MiB|GiB|TiB)\b/g, (whole, amount: string, unit: string) => {
    const factor = unitFactors[unit];
    const bytes = Number(amount) * (factor ?? Number.NaN);
    return Number.isFinite(bytes) ? formatBytes(Math.round(bytes)) : whole;
  });
}
