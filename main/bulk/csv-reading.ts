/**
 * Reads an import CSV as people produce it: comma, semicolon or tab separated (detected from the header),
 * quoted fields with separators and new lines, Excel's `sep=;` first line. Parsing is csv-parse's; this module
 * picks options, maps the header to the import columns (column-mapping.ts: Enclave's columns, Microsoft 365,
 * Google Workspace, Active Directory exports, or the user's choice) and cleans every cell it uses: the quote
 * Enclave puts before formula-like cells comes off (formula-cells.ts), and characters that do not belong in a
 * value are removed at the edges or refused, per row, with the column and the reason (cell-text.ts).
 */
import { parse } from 'csv-parse/sync';
import type { ColumnChoice, ImportColumnKey, ImportMapping, RowIssue } from '../../shared/model/bulk-import';
import { inspectCell, likelyMojibake, type CellKind } from './cell-text';
import {
  applyChoice,
  detectFormat,
  fileProblem,
  formatMapping,
  isKnownHeader,
  mappingView,
  missingColumns,
  unmappedProblem,
  type FileHeader,
  type FormatMapping,
} from './column-mapping';
import { unguardCell } from '../../shared/csv/formula-cells';
import type { GroupRow } from './ldif-import';
import { decodeImportBytes, type LegacyLine } from './text-decoding';

/** One data row: its spreadsheet row number (header = 1) and its cells by column. */
export interface CsvRow {
  row: number;
  cells: Partial<Record<ImportColumnKey, string>>;
  /** The header each cell came from in this row, for columns read from one of several headers. */
  sources?: Partial<Record<ImportColumnKey, string>>;
  /** Problems found while reading the row (refused characters, values a format cannot give): they reject it. */
  issues?: RowIssue[];
  /** What reading changed or suspects without rejecting the row. */
  notices?: RowIssue[];
  /** LDIF: the entry's DN in the file (group members name it). */
  dn?: string;
  /** The row is no mailbox at all (csvde's groups, LDIF change records): only its issues count, not its cells. */
  unreadable?: true;
  /** What to call a row that has no login (LDIF: the entry's leaf name). */
  label?: string;
}

export interface CsvTable {
  /** The separator; '' for LDIF. */
  delimiter: string;
  columns: ImportColumnKey[];
  ignoredHeaders: string[];
  warnings: string[];
  rows: CsvRow[];
  /** How the headers map to the columns. */
  mapping: ImportMapping;
  /** False when required columns are not mapped (only with `allowUnmapped`): nothing can be planned. */
  ready: boolean;
  /** The header a column is read from, when it is always the same one (otherwise each row's `sources` says). */
  headerOf: Partial<Record<ImportColumnKey, string>>;
  /** LDIF: its groups and lists. */
  groups?: GroupRow[];
}

export interface ReadOptions {
  /** The user's column → header choice, over the recognised mapping. */
  choice?: ColumnChoice | undefined;
  /** Return a table that is not ready instead of refusing a file whose required columns are not mapped (the preview). */
  allowUnmapped?: boolean;
  /** Lines of the text the decoder read as Windows-1252 in an otherwise UTF-8 file: their rows get a notice. */
  legacyLines?: readonly LegacyLine[];
}

const candidateDelimiters = [',', ';', '\t'];

/** Decodes file bytes (text-decoding.ts): a BOM decides, else UTF-8, else Windows-1252 line by line, with why. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; warning?: string; encoding: string; legacyLines: LegacyLine[] } {
  return decodeImportBytes(bytes);
}

/** How strict a column's cells are read (cell-text.ts). */
const kindOf = (column: ImportColumnKey): CellKind =>
  column === 'password' ? 'password' : column === 'givenName' || column === 'surname' || column === 'displayName' || column === 'groups' ? 'name' : 'key';

/** Parses the CSV text and maps its header to the import columns; file-level problems throw invalid-input. */
export function readImportCsv(input: string, options: ReadOptions = {}): CsvTable {
  let text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let forced: string | null = null;
  let lineOffset = 0;
  // Excel honours (and some exports write) a first line "sep=;" naming the separator; it is not a row.
  const sepLine = /^sep=(.)\r?\n/i.exec(text);
  if (sepLine) {
    forced = sepLine[1] ?? null;
    text = text.slice(sepLine[0].length);
    lineOffset = 1;
  }
  if (text.trim() === '') throw fileProblem('The file is empty: it needs a header row and at least one data row.');
  const delimiter = forced ?? detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  // Line numbers are needed only to name the rows of lines read as Windows-1252 (csv-parse's info costs a third).
  const withLines = (options.legacyLines?.length ?? 0) > 0;
  try {
    records = withLines
      ? (parse(text, { delimiter, relax_column_count: true, bom: true, info: true }) as unknown as typeof records)
      : (parsePlainCsv(text, delimiter) ?? (parse(text, { delimiter, relax_column_count: true, bom: true }) as string[][])).map((record) => ({ record, info: { lines: 0 } }));
  } catch (error) {
    throw fileProblem(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [headerRecord, ...data] = records;
  if (!headerRecord) throw fileProblem('The file has no header row.');
  const headerCells = headerRecord.record;
  const headers: FileHeader[] = headerCells.map((cell, index) => ({ index, text: cell.trim() }));
  let mapping = formatMapping(detectFormat(headers), headers);
  if (options.choice) mapping = applyChoice(mapping, headers, options.choice);
  const ready = missingColumns(mapping).length === 0;
  if (!ready && !options.allowUnmapped) throw unmappedProblem(mapping, headers);
  const view = mappingView(mapping, headers);
  const ignoredHeaders = view.headers.filter((h) => h.columns.length === 0 && !mapping.otherUses.has(headers.find((f) => f.text === h.header)?.index ?? -1)).map((h) => h.header);
  const warnings: string[] = [];
  if (mapping.format !== 'enclave') warnings.push(`Recognised as ${view.formatLabel}: see the column mapping.`);
  else if (ignoredHeaders.length > 0) warnings.push(`Columns ignored (not import columns): ${ignoredHeaders.join(', ')}.`);

  const legacy = new Map((options.legacyLines ?? []).map((line) => [line.line, line]));
  const reader = rowReader(mapping, headers);
  const rows: CsvRow[] = [];
  let previousEnd = headerRecord.info.lines;
  for (const [index, { record, info }] of data.entries()) {
    // Every record is a spreadsheet row (blank lines included), so the header being row 1 makes this row index + 2.
    const row = index + 2;
    const lines = { first: previousEnd + 1 + lineOffset, last: info.lines + lineOffset };
    previousEnd = info.lines;
    // A blank spreadsheet row keeps its number but is not an import row.
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length > headerCells.length && record.slice(headerCells.length).some((cell) => cell.trim() !== '')) {
      warnings.push(`Row ${row} has more cells than the header; the extra cells were ignored.`);
    }
    if (!ready) {
      rows.push({ row, cells: {} });
      continue;
    }
    const read = reader(row, record);
    for (let line = lines.first; line <= lines.last; line += 1) {
      const found = legacy.get(line);
      if (found) {
        read.notices.push({
          column: null,
          message: `line ${line} is not UTF-8 like the rest of the file (byte 0x${found.byte.toString(16).toUpperCase()} at offset ${found.offset.toLocaleString('en-US')}): it was read as Windows-1252; check its values`,
        });
      }
    }
    rows.push(compact(read));
  }
  if (rows.length === 0) throw fileProblem('The file has a header but no data rows.');
  const columns = [...mapping.rules.values()].filter((rule) => rule.headers.length > 0).map((rule) => rule.column);
  return { delimiter, columns: orderColumns(columns), ignoredHeaders, warnings, rows, mapping: view, ready, headerOf: headerOf(mapping) };
}

const [quote, lineFeed, carriageReturn] = [34, 10, 13];

/**
 * The records of a plain file, exactly as csv-parse gives them with the options above, in one pass over the text
 * (a third of csv-parse's time: reading is before the first write, so it counts in every import). Null when the
 * text holds anything it leaves to csv-parse, which then reads the file with its own errors and rules: a quote out
 * of place or never closed, a blank line, line ends other than LF or CRLF or a mix of them, a BOM, an unusual
 * separator. Quoted cells (separators, quotes doubled, line breaks inside) are read here.
 */
export function parsePlainCsv(text: string, delimiter: string): string[][] | null {
  if (!candidateDelimiters.includes(delimiter) || text.startsWith('\uFEFF')) return null;
  const firstLineFeed = text.indexOf('\n');
  if (firstLineFeed <= 0) return null;
  // csv-parse takes its line end from the first one it meets: that must be the first in the text, outside quotes.
  const crlf = text.charCodeAt(firstLineFeed - 1) === carriageReturn;
  const firstReturn = text.indexOf('\r');
  if (crlf ? firstReturn !== firstLineFeed - 1 : firstReturn !== -1 && firstReturn < firstLineFeed) return null;
  if (text.lastIndexOf('"', firstLineFeed) !== -1) return null;
  const separator = delimiter.charCodeAt(0);
  const end = text.length;
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  while (at < end) {
    if (text.charCodeAt(at) === quote) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const closing = text.indexOf('"', from);
        if (closing === -1) return null;
        if (text.charCodeAt(closing + 1) === quote) {
          value += text.slice(from, closing + 1);
          from = closing + 2;
          continue;
        }
        value += text.slice(from, closing);
        at = closing + 1;
        break;
      }
      const next = text.charCodeAt(at);
      if (at < end && next !== separator && next !== lineFeed && next !== carriageReturn) return null;
      record.push(value);
    } else {
      let stop = at;
      for (; stop < end; stop += 1) {
        const code = text.charCodeAt(stop);
        if (code === separator || code === lineFeed || code === carriageReturn) break;
        if (code === quote) return null;
      }
      record.push(text.slice(at, stop));
      at = stop;
    }
    if (at >= end) break;
    const code = text.charCodeAt(at);
    if (code === separator) {
      at += 1;
      // A separator ending the text ends its record with an empty cell.
      if (at >= end) record.push('');
      continue;
    }
    if (crlf ? code !== carriageReturn || text.charCodeAt(at + 1) !== lineFeed : code !== lineFeed) return null;
    at += crlf ? 2 : 1;
    records.push(record);
    record = [];
    const following = text.charCodeAt(at);
    if (following === lineFeed || following === carriageReturn) return null;
  }
  if (record.length > 0) records.push(record);
  return records;
}

/** The header each column is read from, for columns read from one header. */
function headerOf(mapping: FormatMapping): Partial<Record<ImportColumnKey, string>> {
  const out: Partial<Record<ImportColumnKey, string>> = {};
  for (const rule of mapping.rules.values()) {
    const [only, ...more] = rule.headers;
    if (only && more.length === 0) out[rule.column] = only.text;
  }
  return out;
}

interface ReadRow {
  row: number;
  unreadable?: true;
  cells: Partial<Record<ImportColumnKey, string>>;
  sources: Partial<Record<ImportColumnKey, string>>;
  issues: RowIssue[];
  notices: RowIssue[];
}

const compact = (read: ReadRow): CsvRow => ({
  row: read.row,
  cells: read.cells,
  ...(Object.keys(read.sources).length > 0 ? { sources: read.sources } : {}),
  ...(read.issues.length > 0 ? { issues: read.issues } : {}),
  ...(read.notices.length > 0 ? { notices: read.notices } : {}),
  ...(read.unreadable ? { unreadable: true as const } : {}),
});

/** Reads one record through the mapping: cleans the cells the rules use, then lets each rule take its value. */
function rowReader(mapping: FormatMapping, headers: readonly FileHeader[]) {
  // Per used header: how strict to read it, and the column its problems are reported under.
  const used = new Map<number, { kind: CellKind; column: ImportColumnKey | null; header: string }>();
  const rules = [...mapping.rules.values()];
  for (const header of headers) {
    const readers = rules.filter((rule) => rule.headers.some((h) => h.index === header.index));
    if (readers.length === 0 && !mapping.otherUses.has(header.index)) continue;
    const kinds = readers.map((rule) => kindOf(rule.column));
    const kind: CellKind = kinds.includes('password') ? 'password' : kinds.includes('key') ? 'key' : kinds.length > 0 ? 'name' : 'key';
    used.set(header.index, { kind, column: readers[0]?.column ?? null, header: header.text });
  }
  // One problem sink for every row and rule (no closures per cell: 100,000 rows of 10 columns are a million reads).
  let current: ReadRow | null = null;
  let currentColumn: ImportColumnKey | null = null;
  const problems = {
    issue: (header: string, message: string) => current?.issues.push({ column: currentColumn, header, message }),
    notice: (header: string, message: string) => current?.notices.push({ column: currentColumn, header, message }),
  };
  return (row: number, record: readonly string[]): ReadRow => {
    const out: ReadRow = { row, cells: {}, sources: {}, issues: [], notices: [] };
    const cleaned = [...record];
    for (const [index, { kind, column, header }] of used) {
      const raw = record[index] ?? '';
      if (raw === '') continue;
      const inspected = inspectCell(raw, kind);
      // The quote Enclave writes before a formula-like cell; passwords are taken as typed.
      const value = kind === 'password' ? inspected.value : unguardCell(inspected.value);
      cleaned[index] = value;
      for (const message of inspected.refused) out.issues.push({ column, header, message });
      for (const message of inspected.removed) out.notices.push({ column, header, message });
      if (kind !== 'password' && inspected.refused.length === 0) {
        const meant = likelyMojibake(value);
        if (meant !== null) out.notices.push({ column, header, message: `"${value.trim()}" reads like UTF-8 decoded as Windows-1252; it was probably "${meant.trim()}": check the file` });
      }
    }
    current = out;
    for (const rule of rules) {
      currentColumn = rule.column;
      const got = rule.read(cleaned, problems);
      if (got === undefined) continue;
      out.cells[rule.column] = got.value;
      if (got.header !== '' && rule.headers.length > 1) out.sources[rule.column] = got.header;
    }
    current = null;
    const refusal = mapping.refuseRow?.(cleaned);
    if (refusal) {
      out.issues.push({ column: null, header: refusal.header, message: refusal.message });
      out.unreadable = true;
    }
    return out;
  };
}

const columnOrder = ['login', 'givenName', 'surname', 'displayName', 'primaryAddress', 'aliases', 'quota', 'password', 'groups', 'enabled'];
const orderColumns = (columns: ImportColumnKey[]) => [...columns].sort((a, b) => columnOrder.indexOf(a) - columnOrder.indexOf(b));

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
    const known = header.filter((cell) => isKnownHeader(cell)).length;
    if (known > best.known || (known === best.known && header.length > best.cells)) best = { delimiter, known, cells: header.length };
  }
  return best.delimiter;
}
