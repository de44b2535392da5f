import { describe, expect, it } from 'vitest';
import { ldifEntry, ldifLine } from '../../../main/directory/ldif';

describe('#ldifLine()', () => {
  it('writes safe values as they are', () => {
    expect(ldifLine('cn', 'Host Administrator')).toBe('cn: Host Administrator');
  });

  it.each([' leading space', 'trailing space ', ':colon first', '<angle', 'line\nbreak', 'Zoë'])(
    'base64-encodes %j',
    (value) => {
      const line = ldifLine('cn', value);
      expect(line.startsWith('cn:: ')).toBe(true);
      expect(Buffer.from(line.slice(5), 'base64').toString('utf8')).toBe(value);
    },
  );
});

describe('#ldifEntry()', () => {
  it('writes the dn, every value in order, and a closing blank line', () => {
    expect(ldifEntry('ou=x,dc=t', { objectClass: ['top', 'organizationalUnit'], ou: 'x' })).toBe(
      'dn: ou=x,dc=t\nobjectClass: top\nobjectClass: organizationalUnit\nou: x\n\n',
    );
  });
});
