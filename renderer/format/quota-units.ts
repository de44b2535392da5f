/** Quota values as administrators type them: a number and a binary unit, converted to and from bytes. */

export const quotaUnits = ['MiB', 'GiB', 'TiB'] as const;
export type QuotaUnit = (typeof quotaUnits)[number];

const factor: Record<QuotaUnit, number> = { MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/** The largest unit that shows `bytes` exactly with at most one decimal; GiB for nothing set. */
export function splitQuota(bytes: number | null): { amount: string; unit: QuotaUnit } {
  if (bytes === null) return { amount: '', unit: 'GiB' };
  for (const unit of [...quotaUnits].reverse()) {
    const tenths = (bytes / factor[unit]) * 10;
    // Only a unit that shows the value exactly (to one decimal) is offered, so saving unchanged changes nothing.
    if (tenths >= 10 && Math.abs(tenths - Math.round(tenths)) < 1e-9) return { amount: String(Math.round(tenths) / 10), unit };
  }
  return { amount: String(Math.round((bytes / factor.MiB) * 1000) / 1000), unit: 'MiB' };
}

/**
 * Bytes for a typed amount; null for an empty field (no quota, no limit); an error message when it is not a
 * size. A mailbox quota of 0 is refused: mail servers read 0 as "unlimited", which an empty field already says.
 */
export function parseQuota(amount: string, unit: QuotaUnit, options: { zeroAllowed?: boolean } = {}): { ok: true; bytes: number | null } | { ok: false; message: string } {
  const text = amount.trim().replace(',', '.');
  if (text === '') return { ok: true, bytes: null };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, message: 'Enter a number, e.g. 2 or 1.5' };
  const bytes = Math.round(Number(text) * factor[unit]);
  if (!Number.isSafeInteger(bytes)) return { ok: false, message: 'Size is too large' };
  if (bytes === 0 && options.zeroAllowed !== true) return { ok: false, message: 'A quota of 0 would mean unlimited: leave the field empty for no quota, or give a size' };
  return { ok: true, bytes };
}
