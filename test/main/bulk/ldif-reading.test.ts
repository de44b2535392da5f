import { describe, expect, it } from 'vitest';
import { looksLikeLdif, readLdif } from '../../../main/bulk/ldif-reading';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('#readLdif()', () => {
  it('reads content records: folded lines, comments, base64 values and DNs, several values', () => {
    const file = readLdif(
      [
        '# people',
        ' of the old directory',
        'version: 1',
        '',
        `dn:: ${b64('cn=Jörg Müller,dc=old')}`,
        'objectClass: inetOrgPerson',
        'objectClass: person',
        `sn:: ${b64('Müller')}`,
        'description: one long',
        '  line',
        'mail:   jm@x.test',
        '',
        '',
        'dn: uid=b,dc=old',
        'changetype: add',
        'uid: b',
        '',
      ].join('\r\n'),
    );
    expect(file.problems).toEqual([]);
    expect(file.records.map((r) => ({ line: r.line, dn: r.dn, problems: r.problems, attributes: Object.fromEntries([...r.attributes].map(([k, a]) => [k, a.values])) }))).toEqual([
      { line: 5, dn: 'cn=Jörg Müller,dc=old', problems: [], attributes: { objectclass: ['inetOrgPerson', 'person'], sn: ['Müller'], description: ['one long line'], mail: ['jm@x.test'] } },
      { line: 14, dn: 'uid=b,dc=old', problems: [], attributes: { uid: ['b'] } },
    ]);
  });

  it('refuses change records other than add, URL values and bad base64, per record with the line', () => {
    const file = readLdif(['dn: uid=a,dc=x', 'changetype: modify', 'replace: mail', 'mail: a@x.test', '-', '', 'dn: uid=b,dc=x', 'jpegPhoto:< file:///etc/passwd', 'sn:: not base64!', 'photo:: /w==', '', 'dn: uid=c,dc=x', 'changetype: delete'].join('\n'));
    expect(file.records.map((r) => [r.line, r.problems])).toEqual([
      [1, ['line 2: is a change record (changetype: modify): only entries are imported (content records, or changetype: add), not modifications']],
      [7, ['line 8: the value of jpegPhoto is a URL (jpegPhoto:<), which is not read: put the value in the file', 'line 9: the value of sn is not valid base64']],
      [12, ['line 13: is a change record (changetype: delete): only entries are imported (content records, or changetype: add), not modifications']],
    ]);
    // A binary value (not UTF-8) is kept as such, for the rows that would use it to refuse.
    expect(file.records[1]?.attributes.get('photo')?.values).toEqual([null]);
  });

  it('names text that is not LDIF, and tells LDIF from CSV', () => {
    expect(readLdif('dn: a=b\nthis is no attribute\n').records[0]?.problems).toEqual(['line 2: "this is no attribute" is not an attribute line (attribute: value)']);
    expect(readLdif('cn: x\n').problems).toEqual(['line 1: an entry starts with "dn:", not "cn:"']);
    expect(looksLikeLdif('# c\n continued\nversion: 1\n')).toBe(true);
    expect(looksLikeLdif('\uFEFFdn: uid=a\n')).toBe(true);
    expect(looksLikeLdif('login,surname\n')).toBe(false);
    expect(looksLikeLdif('dn,objectClass\n')).toBe(false);
  });
});
