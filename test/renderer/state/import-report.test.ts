import { describe, expect, it } from 'vitest';
import { csvRows, generatedInPreview, generatedPasswordCount, reportUnsaved } from '../../../renderer/state/import-report';
import type { ImportPreview } from '../../../shared/model/bulk-import';

// As main writes it (main/bulk/csv-report.ts): quoted where needed, CRLF line ends.
const report = [
  'row,login,result,changes,generated password,message',
  '2,ada,created,,"Xk9,q""7Lm",',
  '3,alan,created,,,',
  '4,grace,failed,,,"The directory refused this, twice\r\nsee log"',
  '5,edsger,created,,Pq8-ZZ1m,',
  '',
].join('\r\n');

describe('the import report', () => {
  it('is read as CSV with quoted commas, quotes and line breaks', () => {
    const rows = csvRows(report);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual(['2', 'ada', 'created', '', 'Xk9,q"7Lm', '']);
    expect(rows[3]?.[5]).toBe('The directory refused this, twice\r\nsee log');
  });

  it('counts the generated passwords it holds', () => {
    expect(generatedPasswordCount(report)).toBe(2);
    expect(generatedPasswordCount('row,login,result\r\n2,ada,created\r\n')).toBe(0);
  });

  it('is unsaved while it holds generated passwords nobody downloaded', () => {
    expect(reportUnsaved({ generatedPasswords: 2, downloaded: false })).toBe(true);
    expect(reportUnsaved({ generatedPasswords: 2, downloaded: true })).toBe(false);
    expect(reportUnsaved({ generatedPasswords: 0, downloaded: false })).toBe(false);
    expect(reportUnsaved(undefined)).toBe(false);
  });

  it('counts the new mailboxes of a preview that get a generated password', () => {
    const preview = (headers: string[], create: number): Pick<ImportPreview, 'mapping' | 'delimiter' | 'counts'> => ({
      delimiter: ';',
      counts: { rows: 3, create, update: 0, unchanged: 0, rejected: 0 },
      mapping: { format: 'enclave', formatLabel: '', headers: [], missing: [], notes: [], columns: [{ column: 'password', headers, how: '', chosen: false }] },
    });
    const file = 'login;surname;Initial Password\r\na;A;generate\r\nb;B;Secret-1\r\nc;C; GENERATE \r\n';
    expect(generatedInPreview(preview(['Initial Password'], 3), file)).toBe(2);
    // No password column for the format (Microsoft 365, a directory export): every new mailbox gets one.
    expect(generatedInPreview(preview([], 3), file)).toBe(3);
    // Sent as bytes: not decoded here, the report will tell.
    expect(generatedInPreview(preview(['Initial Password'], 3), null)).toBe(0);
  });
});
