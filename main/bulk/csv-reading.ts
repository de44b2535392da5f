/**
 * Reads an import CSV as people produce it: UTF-8 with or without BOM (or Excel's Windows-1252), comma,
 * semicolon or tab separated (detected from the header), quoted fields with separators and new lines,
 * Excel's `sep=;` first line. Parsing is csv-parse's; this module only picks options and maps headers.
 */
import { parse } from 'csv-parse/sync';
import { failure } from '../../shared/errors';
import { importColumns, type ImportColumnKey } from '../../shared/model/bulk-import';

/** One data row: its spreadsheet row number (header = 1) and its cells by column. */
export interface CsvRow {
  row: number;
  cells: Partial<Record<ImportColumnKey, string>>;
}

export interface CsvTable {
  delimiter: string;
  columns: ImportColumnKey[];
  ignoredHeaders: string[];
  warnings: string[];
  rows: CsvRow[];
}

const candidateDelimiters = [',', ';', '\t'];

/** Decodes file bytes: UTF-8 (BOM or not); bytes that are not UTF-8 are read as Windows-1252, as Excel writes "CSV". */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; warning?: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      warning: 'The file is not UTF-8; it was read as Windows-1252 (Excel\'s "CSV" format). Save as "CSV UTF-8" to be sure.',
    };
  }
}

const headerKey = (text: string) => text.toLowerCase().replace(/[\s_\-.]+/g, '');

const columnByHeader = new Map<string, ImportColumnKey>(
  importColumns.flatMap((column) => [column.header, column.key, ...column.synonyms].map((name) => [headerKey(name), column.key] as const)),
);

/** Parses the CSV text and maps its header to the import columns; file-level problems throw invalid-input. */
export function readImportCsv(input: string): CsvTable {
  let text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let forced: string | null = null;
  // Excel honours (and some exports write) a first line "sep=;" naming the separator; it is not a row.
  const sepLine = /^sep=(.)\r?\n/i.exec(text);
  if (sepLine) {
    forced = sepLine[1] ?? null;
    text = text.slice(sepLine[0].length);
  }
  if (text.trim() === '') throw fileProblem('The file is empty: it needs a header row and at least one data row.');
  const delimiter = forced ?? detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, bom: true });
  } catch (error) {
    throw fileProblem(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw fileProblem('The file has no header row.');
  const { columns, positions, ignoredHeaders } = mapHeader(header);
  const warnings: string[] = [];
  if (ignoredHeaders.length > 0) warnings.push(`Columns ignored (not import columns): ${ignoredHeaders.join(', ')}.`);
  const rows: CsvRow[] = [];
  for (const [index, record] of data.entries()) {
    // Every record is a spreadsheet row (blank lines included), so the header being row 1 makes this row index + 2.
    const row = index + 2;
    // A blank spreadsheet row keeps its number but is not an import row.
    if (record.every((cell) => cell.trim() === '')) continue;
    const cells: CsvRow['cells'] = {};
    for (const [key, index] of positions) cells[key] = record[index] ?? '';
    if (record.length > header.length && record.slice(header.length).some((cell) => cell.trim() !== '')) {
      warnings.push(`Row ${row} has more cells than the header; the extra cells were ignored.`);
    }
    rows.push({ row, cells });
  }
  if (rows.length === 0) throw fileProblem('The file has a header but no data rows.');
  return { delimiter, columns, ignoredHeaders, warnings, rows };
}

/** The candidate separator under which the header names the most known columns (ties: the most cells). */
function detectDelimiter(text: string): string {
  // The header is the first line (header cells with new lines in them are not worth a full parse per candidate).
  const headerLine = text.slice(0, (text.indexOf('\n') + 1 || text.length + 1) - 1);
  let best = { delimiter: ',', known: -1, cells: 0 };
  for (const delimiter of candidateDelimiters) {
    let header: string[] = [];
    try {
      header = (parse(headerLine, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
    } catch {
      continue;
    }
    const known = header.filter((cell) => columnByHeader.has(headerKey(cell))).length;
    if (known > best.known || (known === best.known && header.length > best.cells)) best = { delimiter, known, cells: header.length };
  }
  return best.delimiter;
}

function mapHeader(header: string[]): { columns: ImportColumnKey[]; positions: [ImportColumnKey, number][]; ignoredHeaders: string[] } {
  const positions: [ImportColumnKey, number][] = [];
  const ignoredHeaders: string[] = [];
  header.forEach((cell, index) => {
    const key = columnByHeader.get(headerKey(cell));
    if (!key) {
      if (cell.trim() !== '') ignoredHeaders.push(cell.trim());
      return;
    }
    if (positions.some(([seen]) => seen === key)) throw fileProblem(`The header names the column "${cell.trim()}" twice (row 1).`);
    positions.push([key, index]);
  });
  const columns = positions.map(([key]) => key);
  const missing = importColumns.filter((column) => column.required && !columns.includes(column.key)).map((column) => `"${column.header}"`);
  if (missing.length > 0) {
    throw fileProblem(`The header (row 1) lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Download the template to see every column.`);
  }
  return { columns, positions, ignoredHeaders };
}

const fileProblem = (message: string) => failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
