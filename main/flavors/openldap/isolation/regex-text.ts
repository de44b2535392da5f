/**
 * POSIX extended regular expressions for generated slapd rules. Text is turned into bracket expressions
 * (`[.]`, `[aA]`) rather than backslash escapes: slapd's config tokenizer eats backslashes, and a lost
 * backslash would turn `acme\.test` into `acme.test`, which also matches `acmeXtest`.
 */

/** A regex matching exactly `text`, case-insensitively for ASCII letters; only [a-z0-9.-] are accepted. */
export function escapeRegexLiteral(text: string): string {
  if (!/^[a-z0-9.-]*$/i.test(text)) throw new Error(`Only letters, digits, dots and hyphens can be matched literally: "${text}"`);
  return [...text]
    .map((ch) => {
      if (/[a-z]/i.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
      if (ch === '.' || ch === '-') return `[${ch}]`;
      return ch;
    })
    .join('');
}

/**
 * An anchored regex matching the decimal integers minimum..max (minimum 0 or 1) written without leading zeros
 * (how LDAP INTEGER values are written). Anything else — a sign, leading zeros, a larger number — does not match.
 */
export function integerAtMostRegex(max: bigint, minimum: 0n | 1n = 0n): string {
  if (max < minimum) throw new Error(`The upper bound must be at least ${minimum}.`);
  const digits = max.toString();
  const length = digits.length;
  const branches: string[] = minimum === 0n ? ['0'] : [];
  // Every number with fewer digits than max.
  if (length >= 2) branches.push(length === 2 ? '[1-9]' : `[1-9][0-9]{0,${length - 2}}`);
  // Numbers with as many digits as max: equal up to position i, smaller at i, anything after.
  for (let i = 0; i < length; i++) {
    const current = Number(digits[i]);
    const lowest = i === 0 ? 1 : 0;
    if (current - 1 < lowest) continue;
    const rest = length - i - 1;
    const range = current - 1 === lowest ? String(lowest) : `[${lowest}-${current - 1}]`;
    branches.push(`${digits.slice(0, i)}${range}${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  if (max > 0n) branches.push(digits);
  return `^(${[...new Set(branches)].join('|')})$`;
}
