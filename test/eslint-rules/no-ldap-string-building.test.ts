import { describe, expect, it } from 'vitest';
import { lintAs } from './lint-as';

const RULE = 'enclave/no-ldap-string-building';
const FILE = 'main/directory/lookup.ts';

/** Declares the names the snippets use, so only this rule has anything to say. */
const wrap = (code: string) =>
  `declare const login: string, tenant: string, suffix: string, base: string, query: string, gid: number, uid: number;\n` +
  `declare function escapeFilterValue(value: string): string;\ndeclare function escapeDnValue(value: string): string;\n` +
  `export const value = ${code};\n`;

async function kindsOf(code: string, file = FILE): Promise<string[]> {
  const messages = await lintAs(file, code, RULE);
  return messages.map((message) => (message.message.startsWith('LDAP filter') ? 'filter' : 'dn'));
}

describe('enclave/no-ldap-string-building', () => {
  it('flags filters built with template literals', async () => {
    for (const expression of [
      '`(uid=${login})`',
      '`(&(objectClass=inetOrgPerson)(mail=${query}))`',
      '`(cn=*${query}*)`',
      '`(cn~=${query})`',
      '`(modifyTimestamp>=${query})`',
      '`(|(uid=${login})(mail=${query}))`',
    ]) {
      expect(await kindsOf(wrap(expression)), expression).toContain('filter');
    }
  });

  it('flags filters built with +', async () => {
    expect(await kindsOf(wrap("'(uid=' + login + ')'"))).toEqual(['filter']);
    expect(await kindsOf(wrap("'(&(objectClass=person)(cn=' + query + '))'"))).toEqual(['filter']);
  });

  it('flags DNs whose attribute value is a runtime value', async () => {
    expect(await kindsOf(wrap('`uid=${login},ou=people,${suffix}`'))).toEqual(['dn']);
    expect(await kindsOf(wrap('`ou=${tenant}`'))).toEqual(['dn']);
    expect(await kindsOf(wrap('`ou=people,ou=${tenant},${suffix}`'))).toEqual(['dn']);
    expect(await kindsOf(wrap("'uid=' + login + ',' + base"))).toEqual(['dn']);
    expect(await kindsOf(wrap("'ou=' + tenant"))).toEqual(['dn']);
  });

  it('flags DNs inside LDIF and ACL text', async () => {
    expect(await kindsOf(wrap('`dn: uid=${login},ou=people,${suffix}\\nobjectClass: inetOrgPerson\\n`'))).toEqual(['dn']);
    expect(await kindsOf(wrap('`olcRootDN: cn=${login},${suffix}`'))).toEqual(['dn']);
    expect(await kindsOf(wrap('`to dn.subtree="ou=${tenant},ou=tenants,${suffix}" by * none`'))).toEqual(['dn']);
  });

  it('applies to shared/ too', async () => {
    expect(await kindsOf(wrap('`(uid=${login})`'), 'shared/model/lookup.ts')).toEqual(['filter']);
  });

  it('accepts escaped values, literals and DN suffixes', async () => {
    for (const expression of [
      '`(uid=${escapeFilterValue(login)})`',
      "'(uid=' + escapeFilterValue(login) + ')'",
      '`uid=${escapeDnValue(login)},${base}`',
      "`(objectClass=${'inetOrgPerson'})`",
      '`ou=tenants,${suffix}`',
      "'ou=tenants,' + suffix",
      '`(&(objectClass=person)${query})`',
    ]) {
      expect(await kindsOf(wrap(expression)), expression).toEqual([]);
    }
  });

  it('leaves ordinary strings alone', async () => {
    for (const expression of [
      '`enclave:${login}`',
      '`session=${login}; HttpOnly; SameSite=Strict`',
      '`/?token=${login}`',
      '`Nothing to delete at ${base}.`',
      '`A tenant named "${tenant}" already exists.`',
      '`${login}: ${query}`',
      "'Tenant ' + tenant + ' has ' + uid + ' mailboxes'",
      '`{${uid}}${login}`',
      'uid + gid',
    ]) {
      expect(await kindsOf(wrap(expression)), expression).toEqual([]);
    }
  });

  it('leaves tagged templates to their tag', async () => {
    const code = 'declare function dn(parts: TemplateStringsArray, ...values: string[]): string;\n' + wrap('dn`uid=${login},${base}`');
    expect(await kindsOf(code)).toEqual([]);
  });

  it('accepts `// ldap-literal: <reason>` on the line above the construct or its statement', async () => {
    const above = wrap('0') + '// ldap-literal: uid and gid are numbers\nexport const peer = `gidNumber=${gid}+uidNumber=${uid},cn=peercred,cn=external,cn=auth`;\n';
    expect(await kindsOf(above)).toEqual([]);
    const statement =
      wrap('0') + '// ldap-literal: the tenant name was escaped by the caller\nexport const ldif = [\n  "x",\n  `dn: ou=${tenant},${suffix}`,\n];\n';
    expect(await kindsOf(statement)).toEqual([]);
  });

  it('refuses an escape hatch without a reason, or not right above', async () => {
    const noReason = wrap('0') + '// ldap-literal:\nexport const f = `(uid=${login})`;\n';
    expect(await kindsOf(noReason)).toEqual(['filter']);
    const tooFar = wrap('0') + '// ldap-literal: escaped\n\nexport const f = `(uid=${login})`;\n';
    expect(await kindsOf(tooFar)).toEqual(['filter']);
  });

  it('does not apply to tests (fixtures build raw DNs) or the renderer', async () => {
    expect(await kindsOf(wrap('`uid=${login},ou=people,${suffix}`'), 'test/fixtures/users.ts')).toEqual([]);
    expect(await kindsOf(wrap('`(uid=${login})`'), 'renderer/app/search.ts')).toEqual([]);
  });
});
