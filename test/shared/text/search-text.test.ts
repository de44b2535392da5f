import { describe, expect, it } from 'vitest';
import { foldsDifferently, foldText, searchTextIssue } from '../../../shared/text/search-text';

describe('foldText', () => {
  it('takes accents and case away, and spells out the letters that have no accent to drop', () => {
    expect(foldText('Müller & Söhne')).toBe('muller & sohne');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('Ærøskøbing Łódź Þór')).toBe('aeroskobing lodz thor');
    expect(foldText('ＡＢＣ')).toBe('abc');
  });

  it('leaves other scripts as they are, apart from case', () => {
    expect(foldText('Дмитрий')).toBe('дмитрий');
    expect(foldText('東京')).toBe('東京');
  });

  it('tells names that need a folded copy from those that do not', () => {
    expect(foldsDifferently('Müller')).toBe(true);
    expect(foldsDifferently('Miller')).toBe(false);
    expect(foldsDifferently('MILLER')).toBe(false);
  });
});

describe('searchTextIssue', () => {
  it('refuses control characters with words, and accepts any printable text', () => {
    expect(searchTextIssue('ab\u0000c')).toMatch(/control characters/);
    expect(searchTextIssue('line\nbreak')).toMatch(/control characters/);
    expect(searchTextIssue('\u0085')).toMatch(/control characters/);
    expect(searchTextIssue('Müller & Söhne (*)')).toBeUndefined();
    expect(searchTextIssue('x'.repeat(257))).toMatch(/at most 256/);
  });
});
