import { describe, expect, it } from 'vitest';
import { csvRows, generateRequests, generatedPasswordCount, reportUnsaved } from '../../../renderer/state/import-report';

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

  it('counts the rows of a file that ask for a generated password, whatever the header is called', () => {
    expect(generateRequests('login;surname;Initial Password\r\na;A;generate\r\nb;B;Secret-1\r\nc;C; GENERATE \r\n', ';')).toBe(2);
    expect(generateRequests('\uFEFFlogin,password\na,generate\n', ',')).toBe(1);
    expect(generateRequests('login,surname\na,A\n', ',')).toBe(0);
  });
});
