/**
 * What the console needs to know of an import job's report (main's `report.csv`: row, login, result, changes,
 * generated password, message): how many generated passwords it holds. Those exist nowhere else, so the
 * console says so, warns before a dialog closes on an unsaved report, and keeps old reports reachable.
 */

import { generatePasswordWord, type ImportPreview } from '../../shared/model/bulk-import';

/** RFC 4180 rows of a CSV text (quoted fields with separators, quotes and line breaks). */
export function csvRows(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * How many new mailboxes of a preview get a generated password: every one when the file has no password column
 * for them (the format's mapping says so), else the rows whose password cell is "generate" (`fileText`, the file
 * as sent, when it went as text; a file sent as bytes is decoded in main, and then only the report will tell).
 */
export function generatedInPreview(preview: Pick<ImportPreview, 'mapping' | 'delimiter' | 'counts'>, fileText: string | null): number {
  const password = preview.mapping.columns.find((column) => column.column === 'password');
  if (password === undefined || password.headers.length === 0) return preview.counts.create;
  if (fileText === null) return 0;
  const wanted = new Set(password.headers.map((header) => header.trim()));
  const [header, ...rows] = csvRows(fileText.replace(/^\uFEFF/, ''), preview.delimiter);
  const column = header?.findIndex((name) => wanted.has(name.trim())) ?? -1;
  if (column < 0) return 0;
  return rows.filter((row) => (row[column] ?? '').trim().toLowerCase() === generatePasswordWord).length;
}

/** How many rows of the report carry a generated password. */
export function generatedPasswordCount(reportCsv: string): number {
  const [header, ...rows] = csvRows(reportCsv);
  const column = header?.findIndex((name) => name.trim().toLowerCase() === 'generated password') ?? -1;
  if (column < 0) return 0;
  return rows.filter((row) => (row[column] ?? '').trim() !== '').length;
}

/** An import job's report as far as the console knows it. */
export interface ImportReportState {
  /** Generated passwords the report holds (known once it was read). */
  generatedPasswords: number;
  /** Whether the administrator downloaded it in this window. */
  downloaded: boolean;
}

/** Whether closing now would leave generated passwords behind in a report never downloaded. */
export const reportUnsaved = (report: ImportReportState | undefined): boolean => report !== undefined && report.generatedPasswords > 0 && !report.downloaded;
