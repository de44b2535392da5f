/**
 * Account expiry as people set it: "works until the end of 31 Jan 2027" (a date, as the Windows consoles ask for it)
 * is stored as the instant it stops working, the following midnight UTC. Both ways, and whether it has passed.
 */

/** "2027-01-31" → "2027-02-01T00:00:00Z"; null for anything that is not a date. */
export function expiryOfLastDay(date: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) return null;
  return new Date(day + 86_400_000).toISOString().replace('.000Z', 'Z');
}

/** The last day an account with this expiry works, as "YYYY-MM-DD" (the inverse of expiryOfLastDay). */
export function lastDayOfExpiry(expiresAt: string): string {
  return new Date(Date.parse(expiresAt) - 1).toISOString().slice(0, 10);
}

/** True when the expiry has passed at `now`. */
export const hasExpired = (expiresAt: string | null | undefined, now = Date.now()): boolean => expiresAt !== null && expiresAt !== undefined && Date.parse(expiresAt) <= now;
