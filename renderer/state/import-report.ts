/**
 * What the console needs to know of an import job's report (main's `report.csv`: row, login, result, changes,
 * generated password, message): how many generated passwords it holds. Those exist nowhere else, so the
 * console says so, warns before a dialog closes on an unsaved report, and keeps old reports reachable.
 */

import { generatePasswordWord, importColumns } from '../../shared/model/bulk-import';

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

/** A header as main compares it: without case, spaces, dashes or underscores. */
const headerKey = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');
const passwordHeaders = new Set(
  importColumns.filter((column) => column.key === 'password').flatMap((column) => [column.header, ...column.synonyms]).map(headerKey),
);

/** How many rows of an import file ask Enclave to generate the password (the file as chosen, split by `delimiter`). */
export function generateRequests(fileText: string, delimiter: string): number {
  const [header, ...rows] = csvRows(fileText.replace(/^\uFEFF/, ''), delimiter);
  const column = header?.findIndex((name) => passwordHeaders.has(headerKey(name))) ?? -1;
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
