/**
 * CSV output (RFC 4180) for reports, exports and the template: UTF-8 with BOM so Excel reads accents right,
 * and every cell a spreadsheet would run as a formula guarded with a leading quote (formula-cells.ts).
 */
import { guardCell } from './formula-cells';

const needsQuotes = /[",;\r\n\t]|^\s|\s$/;

/** One cell: guarded against formulas, then quoted when it holds a separator, a quote, a new line or edge spaces. */
export function csvCell(value: string): string {
  const guarded = guardCell(value);
  return needsQuotes.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A whole file: header and rows, CRLF line ends (RFC 4180, and what Excel writes), with a BOM. */
export function csvFile(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
