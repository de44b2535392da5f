/**
 * An import file whatever its form: the bytes (decoded here, so the encoding detection of text-decoding.ts
 * applies) or text already decoded, as CSV or LDIF (recognised from the content), with the user's column choice.
 */
import { failure } from '../../shared/errors';
import type { ColumnChoice, ImportSourceRequest } from '../../shared/model/bulk-import';
import { readImportCsv, type CsvTable } from './csv-reading';
import { readImportLdif } from './ldif-import';
import { looksLikeLdif } from './ldif-reading';
import { decodeImportBytes } from './text-decoding';

/** The file as given: its bytes, or its text; and the user's column → header choice. */
export interface ImportInput {
  bytes?: Uint8Array | undefined;
  text?: string | undefined;
  mapping?: ColumnChoice | undefined;
}

export interface ReadImportFile {
  table: CsvTable;
  /** How the bytes were read. */
  encoding: string;
  /** The bytes as they are kept with a job (a resume reads them again the same way). */
  bytes: Uint8Array;
}

/** The input of a contract request: base64 bytes or text; refuses a request with neither. */
export function importInputOf(request: ImportSourceRequest): ImportInput {
  if (request.fileBase64 !== undefined) return { bytes: Buffer.from(request.fileBase64, 'base64'), mapping: request.mapping };
  if (request.csv !== undefined) return { text: request.csv, mapping: request.mapping };
  const message = 'Give the file: its bytes (fileBase64) or its text (csv).';
  throw failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
}

/** Decodes and reads the file; `allowUnmapped` returns a table that is not ready instead of refusing (the preview). */
export function readImportFile(input: ImportInput, options: { allowUnmapped?: boolean } = {}): ReadImportFile {
  const bytes = input.bytes ?? Buffer.from(input.text ?? '', 'utf8');
  const decoded = input.bytes ? decodeImportBytes(input.bytes) : { text: input.text ?? '', encoding: 'UTF-8', legacyLines: [] };
  const warning = 'warning' in decoded ? decoded.warning : undefined;
  let table: CsvTable;
  if (looksLikeLdif(decoded.text)) {
    table = readImportLdif(decoded.text);
    if (input.mapping && Object.keys(input.mapping).length > 0) table.warnings.unshift('The column mapping was not used: an LDIF file names its attributes.');
  } else {
    table = readImportCsv(decoded.text, { choice: input.mapping, allowUnmapped: options.allowUnmapped ?? false, legacyLines: decoded.legacyLines });
  }
  if (warning) table.warnings.unshift(warning);
  return { table, encoding: decoded.encoding, bytes };
}
