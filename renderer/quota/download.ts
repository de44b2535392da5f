/** Saving files from the sandboxed page: a Blob behind an object URL, clicked as a download link. */
import { guardCell } from '../../shared/csv/formula-cells';

/** Offers `content` as a file named `fileName`. */
export function downloadFile(fileName: string, content: Blob | string, mimeType = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: `${mimeType};charset=utf-8` }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob by now; free ours on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** RFC 4180 CSV; cells a spreadsheet would run (OWASP CSV injection) are written as text by the shared guard. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null): string => {
    const text = value === null ? '' : String(value);
    const safe = guardCell(text);
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
