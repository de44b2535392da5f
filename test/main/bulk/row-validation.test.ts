import { describe, expect, it } from 'vitest';
import { checkRow, fieldRules } from '../../../main/bulk/row-validation';

/** Cells a file can hold: edges, case, lengths at and past each limit, controls, non-ASCII, Unicode white space. */
function tricky(): string[] {
  const pieces = ['', ' ', '\t', '\u00a0', '\u2003', '\ufeff', 'a', 'Z', '0', '.', '-', '_', '@', '+', "'", 'ü', 'İ', 'ß', 'Σ', '\u0000', '\u001f', '\u007f', '\u0085', 'x.test', 'example.com', 'ann', '@@', '..', 'é'];
  const values = new Set<string>(pieces);
  for (const a of pieces) for (const b of pieces) values.add(a + b);
  for (const length of [1, 19, 20, 21, 63, 64, 65, 127, 128, 129, 255, 256, 257]) {
    values.add('a'.repeat(length));
    values.add(` ${'b'.repeat(length)} `);
    values.add(`${'c'.repeat(length)}@x.test`);
    values.add(`ann@${'d'.repeat(length)}.test`);
  }
  for (const address of ['ann@x.test', ' Ann.Lee@X.Test ', 'ann@x', 'ann@@x.test', '.ann@x.test', 'ann.@x.test', 'a..b@x.test', 'ann@-x.test', 'ann@x.t', "o'neil@x.test", 'ÄNN@x.test', 'ann@xn--bcher-kva.test', 'KELVIN\u212a@x.test']) values.add(address);
  for (const login of ['u00001', ' U00001 ', 'a.b-c_d', '-ann', 'ann!', 'ANN', 'İnci', 'K\u212aelvin']) values.add(login);
  // Random strings over the pieces, so combinations no list names are tried too.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 3000; i++) {
    let value = '';
    const count = Math.floor(next() * 8);
    for (let j = 0; j < count; j++) value += pieces[Math.floor(next() * pieces.length)] ?? '';
    values.add(value);
  }
  return [...values];
}

describe('fieldRules', () => {
  it("accept only what the field's schema accepts, with the schema's own value", () => {
    const values = tricky();
    for (const [name, rule] of Object.entries(fieldRules)) {
      let accepted = 0;
      for (const value of values) {
        const quick = rule.accept(value);
        if (quick === undefined) continue;
        accepted += 1;
        const parsed = rule.schema.safeParse(value);
        expect(parsed.success, `${name}: ${JSON.stringify(value)}`).toBe(true);
        expect(parsed.data, `${name}: ${JSON.stringify(value)}`).toBe(quick);
      }
      expect(accepted, name).toBeGreaterThan(0);
    }
  });

  it('take the common values without the schema', () => {
    expect(fieldRules.login.accept(' U00001 ')).toBe('u00001');
    expect(fieldRules.address.accept('Ann.Lee@Example.COM')).toBe('ann.lee@example.com');
    expect(fieldRules.surname.accept(' Zoë Surname 00001 ')).toBe('Zoë Surname 00001');
    expect(fieldRules.givenName.accept('')).toBe('');
    expect(fieldRules.password.accept(' Bench-pass-00001 ')).toBe(' Bench-pass-00001 ');
  });
});

describe('#checkRow()', () => {
  const noPolicy = () => null;
  const row = (cells: Record<string, string>) => ({ row: 2, cells });

  it("rejects a row with the schemas' messages, the address named in its own", () => {
    const check = checkRow(row({ login: '-ann', surname: ' ', primaryAddress: 'ann@x', aliases: 'ok@x.test, b@@x.test', password: 'x'.repeat(257), groups: 'Staff' }), noPolicy);
    expect(check).toEqual({
      ok: false,
      login: '-ann',
      issues: [
        { column: 'login', message: 'Login name: 1–20 characters, letters, digits, dot, dash or underscore, starting with a letter or digit' },
        { column: 'surname', message: 'Last name is required' },
        { column: 'primaryAddress', message: 'ann@x: Not a valid mail address (expected name@domain)' },
        { column: 'aliases', message: 'b@@x.test: Not a valid mail address (expected name@domain)' },
        { column: 'password', message: 'Password is at most 256 characters' },
      ],
    });
  });

  it('reads a valid row as the schemas do', () => {
    const check = checkRow(
      row({ login: ' U00001 ', givenName: ' Zoë ', surname: 'Surname', displayName: '', primaryAddress: 'U00001@Bench.Test', aliases: 'Alias@Bench.Test', quota: '1 GiB', password: ' pw ', groups: 'Staff', enabled: 'yes' }),
      noPolicy,
    );
    expect(check).toEqual({
      ok: true,
      mailbox: {
        row: 2,
        login: 'u00001',
        givenName: 'Zoë',
        surname: 'Surname',
        displayName: '',
        primaryAddress: 'u00001@bench.test',
        aliases: ['alias@bench.test'],
        quota: { bytes: 2 ** 30 },
        password: ' pw ',
        groups: ['Staff'],
        enabled: true,
      },
    });
  });
});
