/** The downloadable template: every column with its documented header and two example rows. */
import { generatePasswordWord, importColumns, listSeparator, type CsvFile, type ImportColumnKey } from '../../shared/model/bulk-import';
import { csvFile } from './csv-writing';

const examples: Record<ImportColumnKey, string>[] = [
  {
    login: 'ada.lovelace', givenName: 'Ada', surname: 'Lovelace', displayName: 'Ada Lovelace', primaryAddress: 'ada@example.com',
    aliases: `ada.lovelace@example.com ${listSeparator} a.lovelace@example.com`, quota: '2 GiB', password: generatePasswordWord, groups: `Staff ${listSeparator} Sales`, enabled: 'yes',
  },
  {
    login: 'bjorn.strand', givenName: 'Björn', surname: 'Strand, Jr.', displayName: '', primaryAddress: 'bjorn@example.com',
    aliases: '', quota: '500 MiB', password: 'Change-me-2024', groups: '', enabled: 'no',
  },
];

/** The template CSV (comma-separated, UTF-8 with BOM). */
export function importTemplateCsv(): CsvFile {
  return {
    fileName: 'enclave-mailboxes-template.csv',
    csv: csvFile(importColumns.map((column) => column.header), examples.map((row) => importColumns.map((column) => row[column.key]))),
  };
}
