import { describe, expect, it } from 'vitest';
import { guardCell, startsLikeFormula, unguardCell } from '../../../shared/csv/formula-cells';
import { csvCell, csvFile } from '../../../main/bulk/csv-writing';

describe('formula cells', () => {
  it('guards every cell a spreadsheet would run (OWASP: = + - @ tab CR, and the full-width forms)', () => {
    for (const value of ['=1+2', '+cmd', '-2+3', '@SUM(1)', '\t=1', '\r=1', '＝1', '＋1', '－1', '＠x', '=HYPERLINK("http://x","y")']) {
      expect(startsLikeFormula(value)).toBe(true);
      expect(guardCell(value)).toBe(`'${value}`);
    }
    for (const value of ['Müller', "O'Brien", "'Connor", '1+2', ' =1', '', 'a=b']) expect(guardCell(value)).toBe(value);
    // A real leading quote before a formula character gets one more, so that reading gives it back.
    expect(guardCell("'=1")).toBe("''=1");
  });

  it('reading removes exactly the guard writing added: every value comes back', () => {
    const alphabet = ["'", '=', '+', '-', '@', '\t', 'a', ' ', '＝', '1'];
    const values: string[] = [''];
    for (let length = 1; length <= 4; length += 1) {
      const next: string[] = [];
      for (const value of values.filter((v) => v.length === length - 1)) for (const char of alphabet) next.push(value + char);
      values.push(...next);
    }
    expect(values.length).toBeGreaterThan(10_000);
    for (const value of values) expect(unguardCell(guardCell(value))).toBe(value);
    expect(unguardCell("'Connor")).toBe("'Connor");
    expect(unguardCell("'=HYPERLINK(1)")).toBe('=HYPERLINK(1)');
  });

  it('writes guarded cells quoted where CSV needs it', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=SUM(1,2)')).toBe(`"'=SUM(1,2)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvFile(['a', 'b'], [['-1', '@x']])).toBe("\uFEFFa,b\r\n'-1,'@x\r\n");
  });
});
