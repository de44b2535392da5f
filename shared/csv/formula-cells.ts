/**
 * Cells a spreadsheet would run (CSV injection, OWASP): a cell starting with = + - @, a tab or a carriage
 * return (and the full-width ＝ ＋ － ＠, which some spreadsheets take too) is a formula to Excel, LibreOffice
 * and Google Sheets, e.g. `=HYPERLINK("http://…","Click")` or `@SUM(1+1)*cmd|' /C calc'!A0`.
 *
 * Every CSV Enclave writes prefixes such a cell with a single quote, which the spreadsheet then shows as text.
 * To restore the value on import, a quote is written in front of every value made of quotes followed by a
 * formula character too (so `'=x`, a real leading quote, is written `''=x`), and reading removes exactly one
 * leading quote when what follows is such a value. Writing then reading gives every value back, and a value
 * that does not start like that (`'Connor`, `O'Brien`) is never touched.
 */

const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** Whether a spreadsheet would take `value` as a formula. */
export const startsLikeFormula = (value: string): boolean => formulaStarts.has(value.charAt(0));

/** Quotes followed by a formula character: the values a written cell is guarded for. */
function needsGuard(value: string): boolean {
  let index = 0;
  while (value.charAt(index) === "'") index += 1;
  return formulaStarts.has(value.charAt(index));
}

/** The cell as written to a CSV: a leading quote when a spreadsheet would otherwise run it. */
export const guardCell = (value: string): string => (needsGuard(value) ? `'${value}` : value);

/** The value of a cell Enclave (or a careful person) guarded: one leading quote off when what follows needs it. */
export const unguardCell = (cell: string): string => (cell.startsWith("'") && needsGuard(cell.slice(1)) ? cell.slice(1) : cell);
