/** CSV output (RFC 4180) for reports, exports and the template: UTF-8 with BOM so Excel reads accents right. */

const needsQuotes = /[",;\r\n\t]|^\s|\s$/;

/** One cell, quoted when it holds a separator, a quote, a new line or edge spaces. */
export function csvCell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A whole file: header and rows, CRLF line ends (RFC 4180, and what Excel writes), with a BOM. */
export function csvFile(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
