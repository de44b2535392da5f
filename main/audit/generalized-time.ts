/** LDAP GeneralizedTime (as accesslog's reqStart spells it) to and from ISO 8601. */

/** "20240102030405.000123Z" → "2024-01-02T03:04:05Z" (accesslog's fraction is a counter, not a time, so it is dropped). */
export function isoOfGeneralizedTime(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  if (!match) return value;
  const [, year, month, day, hour, minute, second] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
}

/** A time as "YYYYMMDDHHMMSSZ", for reqStart range filters. */
export function generalizedTimeOf(time: Date | number | string): string {
  return new Date(time).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}
