import { describe, expect, it } from 'vitest';
import { inspectCell, likelyMojibake } from '../../../main/bulk/cell-text';

describe('#inspectCell()', () => {
  it('removes invisible characters at the edges of a cell, with a notice, and refuses them inside', () => {
    expect(inspectCell('\u200bNilsson', 'name')).toEqual({ value: 'Nilsson', refused: [], removed: ['an invisible U+200B ZERO WIDTH SPACE at the start was removed'] });
    expect(inspectCell(' Bates\u200b\u2060 ', 'name')).toEqual({
      value: ' Bates ',
      refused: [],
      removed: ['an invisible U+200B ZERO WIDTH SPACE at the end was removed', 'an invisible U+2060 WORD JOINER at the end was removed'],
    });
    expect(inspectCell('\ufeffann@x.test', 'key').value).toBe('ann@x.test');
    expect(inspectCell('Ko\u200bbayashi', 'name').refused).toEqual(['contains the invisible character U+200B ZERO WIDTH SPACE at character 3']);
    expect(inspectCell('a\u00adb', 'name').refused).toEqual(['contains the invisible character U+00AD SOFT HYPHEN at character 2']);
  });

  it('refuses directional controls anywhere, even at an edge', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(inspectCell(`${String.fromCodePoint(code)}abc`, 'name').refused[0]).toMatch(/^contains the directional control U\+20[26][0-9A-F] .* at character 1, which changes how the text is shown/);
    }
    expect(inspectCell('White\u202egnp.exe', 'name').refused).toEqual(['contains the directional control U+202E RIGHT-TO-LEFT OVERRIDE at character 6, which changes how the text is shown (refused anywhere)']);
    expect(inspectCell('a\u200fb', 'name').refused).toEqual(['contains the invisible character U+200F RIGHT-TO-LEFT MARK at character 2']);
  });

  it('allows a zero-width (non-)joiner where a script or an emoji sequence needs it, in names only', () => {
    expect(inspectCell('مهر\u200cانگیز', 'name').refused).toEqual([]);
    expect(inspectCell('क्\u200dष', 'name').refused).toEqual([]);
    expect(inspectCell('Team 👩\u200d💻', 'name').refused).toEqual([]);
    expect(inspectCell('Mül\u200cler', 'name').refused).toEqual(['contains the invisible character U+200C ZERO WIDTH NON-JOINER at character 4']);
    expect(inspectCell('مهر\u200cانگیز', 'key').refused).toHaveLength(1);
  });

  it('refuses C0 and C1 controls and U+FFFD, saying which Windows-1252 character a C1 control stood for', () => {
    expect(inspectCell('\u008aárka', 'name').refused).toEqual(['contains the control character U+008A at character 1: a Windows-1252 "Š" decoded wrongly (fix the file, or export it again as "CSV UTF-8")']);
    expect(inspectCell('a\u0081b', 'name').refused).toEqual(['contains the control character U+0081 at character 2']);
    expect(inspectCell('a\u0007b', 'key').refused).toEqual(['contains the control character U+0007 at character 2']);
    expect(inspectCell('a\ufffd', 'name').refused[0]).toMatch(/^contains U\+FFFD REPLACEMENT CHARACTER at character 2: a byte the file's encoding does not define/);
    expect(inspectCell('Sales\nStaff', 'name').refused).toEqual([]);
    expect(inspectCell('a\u2028b', 'name').refused).toEqual(['contains U+2028 LINE SEPARATOR at character 2, a line break that does not belong in a value']);
  });

  it('takes a password as typed: nothing removed, anything invisible refused', () => {
    expect(inspectCell(' \u200bSecret-1 ', 'password')).toEqual({
      value: ' \u200bSecret-1 ',
      refused: ['contains the invisible character U+200B ZERO WIDTH SPACE at character 2 (passwords are taken as typed: nothing is removed from them)'],
      removed: [],
    });
    expect(inspectCell('Tab\there', 'password').refused).toEqual(['contains the control character U+0009 at character 4']);
    expect(inspectCell('Correct-Horse-9', 'password')).toEqual({ value: 'Correct-Horse-9', refused: [], removed: [] });
  });
});

describe('#likelyMojibake()', () => {
  it('finds UTF-8 read as Windows-1252 and says what it was', () => {
    expect(likelyMojibake('MÃ¼ller')).toBe('Müller');
    expect(likelyMojibake('O’Connor'.replace('’', 'â€™'))).toBe('O’Connor');
    expect(likelyMojibake('Ã…ngstrÃ¶m')).toBe('Ångström');
  });

  it('leaves real names alone', () => {
    for (const name of ['Müller', 'Ångström', 'Šárka', 'Ã', 'Âme', 'José – Sales', '伟', 'Zoë O’Connor', 'Ivan ‚ƒ„…']) expect(likelyMojibake(name)).toBeNull();
  });
});
