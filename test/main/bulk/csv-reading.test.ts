import { describe, expect, it } from 'vitest';
import { parseQuota, splitAliases, splitGroups } from '../../../main/bulk/cell-values';
import { parse } from 'csv-parse/sync';
import { decodeCsvBytes, parsePlainCsv, readImportCsv } from '../../../main/bulk/csv-reading';
import { EnclaveFailure } from '../../../shared/errors';

const problem = (text: string) => {
  try {
    readImportCsv(text);
  } catch (error) {
    if (error instanceof EnclaveFailure) return error.error.message;
    throw error;
  }
  return null;
};

describe('#readImportCsv()', () => {
  it('detects commas, semicolons and tabs from the header, with or without a BOM', () => {
    for (const separator of [',', ';', '\t']) {
      const table = readImportCsv(`\uFEFFlogin${separator}surname${separator}email\nann${separator}"Lee${separator} Jr."${separator}ann@a.test\n`);
      expect(table.delimiter).toBe(separator);
      expect(table.rows).toEqual([{ row: 2, cells: { login: 'ann', surname: `Lee${separator} Jr.`, primaryAddress: 'ann@a.test' } }]);
    }
  });

  it("honours Excel's sep= line and numbers rows as the spreadsheet does (quoted new lines and blank rows included)", () => {
    const table = readImportCsv('sep=;\r\nLogin;Last name;Primary address;Aliases\r\na;A;a@x.test;"b@x.test\r\nc@x.test"\r\n\r\n;;;\r\nd;D;d@x.test;\r\n');
    expect(table.rows.map((r) => [r.row, r.cells.login])).toEqual([[2, 'a'], [5, 'd']]);
    expect(table.rows[0]?.cells.aliases).toBe('b@x.test\r\nc@x.test');
  });

  it('names missing required columns, repeated columns and ignored ones', () => {
    expect(problem('login,given name\nx,y\n')).toMatch(/lacks the required columns "surname", "primary address"/);
    expect(problem('login,surname,mail,e-mail\nx,y,z,w\n')).toMatch(/names the column "e-mail" twice/);
    expect(problem('login,surname,mail\n')).toMatch(/no data rows/);
    expect(readImportCsv('login,surname,mail,department\nx,y,z,w\n').warnings).toEqual(['Columns ignored (not import columns): department.']);
  });

  it('cleans the cells it uses: the guard quote comes off, invisible edge characters go, hostile ones are refused under the header', () => {
    const table = readImportCsv("Login;Last name;E-Mail;Notes\nann;'-Lee;ann@x.test;\u202e\nbob;\u200bBee\u200b;\u202ebob@x.test;\n");
    expect(table.rows[0]?.cells).toEqual({ login: 'ann', primaryAddress: 'ann@x.test', surname: '-Lee' });
    expect(table.rows[0]?.issues).toBeUndefined();
    expect(table.rows[1]?.cells.surname).toBe('Bee');
    expect(table.rows[1]?.notices?.map((n) => [n.column, n.header, n.message])).toEqual([
      ['surname', 'Last name', 'an invisible U+200B ZERO WIDTH SPACE at the start was removed'],
      ['surname', 'Last name', 'an invisible U+200B ZERO WIDTH SPACE at the end was removed'],
    ]);
    expect(table.rows[1]?.issues?.map((n) => [n.column, n.header, n.message])).toEqual([
      ['primaryAddress', 'E-Mail', 'contains the directional control U+202E RIGHT-TO-LEFT OVERRIDE at character 1, which changes how the text is shown (refused anywhere)'],
    ]);
  });

  it('reads Windows-1252 bytes (Excel "CSV") with a warning', () => {
    const decoded = decodeCsvBytes(Uint8Array.from([0x5a, 0x6f, 0xeb]));
    expect(decoded.text).toBe('Zoë');
    expect(decoded.warning).toMatch(/Windows-1252/);
    expect(decodeCsvBytes(new TextEncoder().encode('Zoë')).warning).toBeUndefined();
  });
});

describe('cell values', () => {
  it('reads quotas in bytes or with units, counting in powers of 1024', () => {
    expect(parseQuota('2GB')).toEqual({ bytes: 2 * 2 ** 30 });
    expect(parseQuota('500 MiB')).toEqual({ bytes: 500 * 2 ** 20 });
    expect(parseQuota('1,5 GiB')).toEqual({ bytes: 1.5 * 2 ** 30 });
    expect(parseQuota('1073741824')).toEqual({ bytes: 2 ** 30 });
    expect(parseQuota('unlimited')).toEqual({ bytes: null });
    expect(parseQuota(' ')).toBe('empty');
    expect(parseQuota('2 parsecs')).toHaveProperty('error');
  });

  it('splits aliases on any separator and groups only on | and new lines', () => {
    expect(splitAliases('a@x.test | b@x.test,c@x.test;d@x.test\ne@x.test')).toEqual(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test', 'e@x.test']);
    expect(splitGroups('Sales, EMEA | Staff\nAll hands')).toEqual(['Sales, EMEA', 'Staff', 'All hands']);
  });
});

describe('parsePlainCsv', () => {
  const csvParse = (text: string, delimiter: string): string[][] | Error => {
    try {
      return parse(text, { delimiter, relax_column_count: true, bom: true }) as string[][];
    } catch (error) {
      return error as Error;
    }
  };

  it('reads quoted cells (separators, doubled quotes, line breaks), empty cells and both line ends as csv-parse does', () => {
    const text = 'login,name,note\r\nann,"Doe, Ann","said ""hi""\nthen left"\r\n,,\r\nbob,Bob,"",\r\n';
    expect(parsePlainCsv(text, ',')).toEqual(csvParse(text, ','));
    expect(parsePlainCsv(text, ',')?.[1]).toEqual(['ann', 'Doe, Ann', 'said "hi"\nthen left']);
    const lf = 'a;b\nx;"y;z"\nlast;cell';
    expect(parsePlainCsv(lf, ';')).toEqual([['a', 'b'], ['x', 'y;z'], ['last', 'cell']]);
    expect(parsePlainCsv('a\tb\n1\t2\t\n', '\t')).toEqual(csvParse('a\tb\n1\t2\t\n', '\t'));
  });

  it('leaves to csv-parse what it does not read itself: misplaced or unclosed quotes, blank lines, other or mixed line ends', () => {
    for (const text of ['a,b\r\nx,y"z\r\n', 'a,b\r\n"x" ,y\r\n', 'a,b\r\n"x,y\r\n', 'a,b\r\n\r\nx,y\r\n', 'a,b\rx,y\r', 'a,b\r\nx,y\nz,w\r\n', 'a,b\nx,y\r\n', '"a",b\r\nx,y\r\n', '\uFEFFa,b\nx,y\n', 'a,b']) {
      expect(parsePlainCsv(text, ',')).toBeNull();
    }
    expect(parsePlainCsv('a|b\nx|y\n', '|')).toBeNull();
  });

  it('gives csv-parse\'s records for every random text it accepts (and accepts many)', () => {
    // A fixed pseudo-random sequence: the same texts on every run.
    let seed = 20261203;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['a', 'b', 'é', ' ', ',', ';', '\t', '"', '""', '\r\n', '\n', '\r', 'x,y', '"q,r"', '"s\r\nt"'];
    let accepted = 0;
    let quoted = 0;
    for (let round = 0; round < 4000; round += 1) {
      const delimiter = [',', ';', '\t'][Math.floor(next() * 3)] ?? ',';
      const lineEnd = next() < 0.5 ? '\r\n' : '\n';
      let text = `h1${delimiter}h2${lineEnd}`;
      const length = Math.floor(next() * 40);
      for (let index = 0; index < length; index += 1) text += next() < 0.15 ? lineEnd : (pieces[Math.floor(next() * pieces.length)] ?? '');
      const ours = parsePlainCsv(text, delimiter);
      if (ours === null) continue;
      accepted += 1;
      if (text.includes('"')) quoted += 1;
      expect(ours, JSON.stringify(text)).toEqual(csvParse(text, delimiter));
    }
    expect(accepted).toBeGreaterThan(150);
    expect(quoted).toBeGreaterThan(30);
  });
});
