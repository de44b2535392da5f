import { describe, expect, it } from 'vitest';
import { foldsDifferently, foldText, searchTextIssue } from '../../../shared/text/search-text';

describe('foldText', () => {
  it('takes accents and case away, and spells out the letters that have no accent to drop', () => {
    expect(foldText('Müller & Söhne')).toBe('muller & sohne');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('Ærøskøbing Łódź Þór')).toBe('aeroskobing lodz thor');
    expect(foldText('ＡＢＣ')).toBe('abc');
  });

  it('folds plain ASCII to its lower case, and composes a letter with its combining accent before dropping it', () => {
    expect(foldText('Surname 00042, O\'Brien-Smith (IT)')).toBe("surname 00042, o'brien-smith (it)");
    expect(foldText('Zoe\u0301 Surname')).toBe('zoe surname');
    expect(foldText('Zoë SURNAME')).toBe('zoe surname');
    // A mark with no precomposed letter to join stays, as it always did.
    expect(foldText('q\u0301')).toBe('q\u0301');
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
