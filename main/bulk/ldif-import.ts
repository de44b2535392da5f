/**
 * LDIF entries as import rows: people become mailbox rows (the same cells a CSV row has, so the same
 * validation, plan and job apply), groups and lists become group rows (group-plan.ts), containers and the
 * tenant's built-in groups are left out with a warning. Attribute names are those of OpenLDAP (inetOrgPerson,
 * Enclave's schema, groupOfNames/posixGroup) and Active Directory (ldifde: user, group, proxyAddresses).
 *
 * Decisions: the login is `uid` (AD: `sAMAccountName`); the primary address is the "SMTP:" entry of
 * `proxyAddresses`, else the first `mail`; aliases are `mailLocalAddress`, `mailAlternateAddress`, further
 * `mail` values and the "smtp:" entries, without the primary; the display name is `displayName`, else `cn`
 * when it is more than given name and surname; a cleartext `userPassword` is the password, a hashed one (or
 * none) makes Enclave generate one (hashes cannot be carried over: the directory hashes and checks what it is
 * sent); the state is `enclaveAccountState`, AD's ACCOUNTDISABLE bit, or ppolicy's permanent lock.
 */
import { generatePasswordWord, importFormatLabels, type ImportColumnKey, type ImportMapping, type RowIssue, type SeenHeader } from '../../shared/model/bulk-import';
import { isSystemGroupName, type GroupKind } from '../../shared/model/hosting';
import { inspectCell, likelyMojibake, type CellKind } from './cell-text';
import { leafValue } from '../directory/dn';
import { fileProblem } from './column-mapping';
import type { CsvRow, CsvTable } from './csv-reading';
import { readLdif, type LdifRecord } from './ldif-reading';

/** A group or list entry of the file. */
export interface GroupRow {
  row: number;
  /** Its DN in the file. */
  dn: string;
  kind: GroupKind;
  name: string;
  /** undefined: the file gives none (keep the directory's). */
  description: string | undefined;
  address: string | undefined;
  /** Members as the file names them: DNs (member, uniqueMember) and logins (memberUid). */
  memberDns: { dn: string; header: string }[];
  memberLogins: string[];
  issues: RowIssue[];
  notices: RowIssue[];
}

type EntryKind = 'mailbox' | 'group' | 'container' | 'other';

const containerClasses = ['organizationalunit', 'organization', 'dcobject', 'domain', 'container', 'enclavetenant', 'builtindomain', 'domaindns', 'locality', 'country'];
const groupClasses = ['enclavegroup', 'groupofnames', 'groupofuniquenames', 'posixgroup', 'group'];
const personClasses = ['enclavemailbox', 'inetorgperson', 'person', 'organizationalperson', 'posixaccount', 'user'];

/** ppolicy's "locked by an administrator" time. */
const permanentLock = '000001010000Z';
/** AD's groupType flag for security groups (the value is a signed 32-bit number). */
const securityGroupFlag = 0x80000000;
const accountDisabled = 0x2;

/** What each attribute the import reads is used for (the mapping preview); others are ignored. */
const attributeUses: Record<string, { columns: ImportColumnKey[]; use: string }> = {
  objectclass: { columns: [], use: 'tells mailboxes from groups, lists and containers' },
  uid: { columns: ['login'], use: 'login' },
  samaccountname: { columns: ['login'], use: 'login (Active Directory)' },
  givenname: { columns: ['givenName'], use: 'given name' },
  sn: { columns: ['surname'], use: 'surname' },
  displayname: { columns: ['displayName'], use: 'display name' },
  cn: { columns: ['displayName'], use: 'display name when there is no displayName and it is more than given name and surname; the name of a group' },
  mail: { columns: ['primaryAddress', 'aliases'], use: 'primary address (further values: aliases); the address of a list' },
  proxyaddresses: { columns: ['primaryAddress', 'aliases'], use: 'primary address ("SMTP:") and aliases ("smtp:"); other address types are left out' },
  maillocaladdress: { columns: ['aliases'], use: 'aliases' },
  mailalternateaddress: { columns: ['aliases'], use: 'aliases' },
  enclavemailboxquotabytes: { columns: ['quota'], use: 'quota (0: unlimited)' },
  userpassword: { columns: ['password'], use: 'password when in cleartext; a hash is not carried over (a password is generated)' },
  enclaveaccountstate: { columns: ['enabled'], use: 'enabled state' },
  pwdaccountlockedtime: { columns: ['enabled'], use: "disabled when locked by an administrator (ppolicy's permanent lock)" },
  useraccountcontrol: { columns: ['enabled'], use: 'enabled state (the ACCOUNTDISABLE bit)' },
  description: { columns: [], use: 'description of a group or list' },
  member: { columns: [], use: 'members of a group or list (DNs of mailboxes of the tenant or of this file)' },
  uniquemember: { columns: [], use: 'members of a group or list (DNs)' },
  memberuid: { columns: [], use: 'members of a group or list (logins)' },
  enclavegroupkind: { columns: [], use: 'security group or distribution list' },
  grouptype: { columns: [], use: 'security group or distribution list (Active Directory)' },
};

/** Reads an LDIF file into mailbox rows and group rows. */
export function readImportLdif(text: string): CsvTable {
  const file = readLdif(text);
  if (file.records.length === 0) throw fileProblem(`The LDIF file has no entries.${file.problems.length > 0 ? ` ${file.problems.join('; ')}` : ''}`);
  const warnings = [...file.problems.map((problem) => `Not read: ${problem}.`)];
  const rows: CsvRow[] = [];
  const groups: GroupRow[] = [];
  const containers: string[] = [];
  const builtIn: string[] = [];
  const seen = new Map<string, string>();
  for (const record of file.records) {
    for (const attribute of record.attributes.values()) if (!seen.has(attribute.name.toLowerCase())) seen.set(attribute.name.toLowerCase(), attribute.name);
    const problems: RowIssue[] = record.problems.map((message) => ({ column: null, message }));
    const kind = entryKind(record);
    if (problems.length === 0 && kind === 'container') {
      containers.push(`${record.dn} (line ${record.line})`);
      continue;
    }
    if (problems.length === 0 && kind === 'group' && isSystemGroupName(first(record, 'cn'))) {
      builtIn.push(`${first(record, 'cn')} (line ${record.line})`);
      continue;
    }
    if (kind === 'group') {
      const group = groupRow(record);
      groups.push({ ...group, issues: [...problems, ...group.issues] });
      continue;
    }
    if (kind === 'mailbox') {
      const row = mailboxRow(record);
      rows.push({ ...row, issues: [...problems, ...(row.issues ?? [])] });
      continue;
    }
    // Neither a mailbox nor a group (or a change record, whose attributes were not read): only its reasons count.
    const classes = values(record, 'objectclass');
    if (problems.length === 0) problems.push({ column: null, header: 'objectClass', message: classes.length === 0 ? 'the entry has no objectClass' : `"${classes.join(', ')}" is not a mailbox, group or list` });
    rows.push({ row: record.line, cells: {}, dn: record.dn, issues: problems, unreadable: true, label: leafOf(record.dn) });
  }
  if (containers.length > 0) warnings.push(`Containers left out (the tenant's own are used): ${containers.slice(0, 5).join('; ')}${containers.length > 5 ? ` and ${containers.length - 5} more` : ''}.`);
  if (builtIn.length > 0) warnings.push(`Built-in groups left out (their members are managed by the console): ${builtIn.join('; ')}.`);
  if (rows.length === 0 && groups.length === 0) throw fileProblem(`The LDIF file has no mailbox, group or list entries.${warnings.length > 0 ? ` ${warnings.join(' ')}` : ''}`);
  const mapping = ldifMapping([...seen.values()]);
  return {
    delimiter: '',
    columns: [...new Set(mapping.headers.flatMap((h) => h.columns))],
    ignoredHeaders: mapping.headers.filter((h) => h.columns.length === 0 && attributeUses[h.header.toLowerCase()] === undefined).map((h) => h.header),
    warnings,
    rows: rows.map((row) => compactRow(row)),
    mapping,
    ready: true,
    headerOf: {},
    groups,
  };
}

function ldifMapping(attributes: string[]): ImportMapping {
  const headers: SeenHeader[] = attributes.map((name) => {
    const use = attributeUses[name.toLowerCase()];
    return use ? { header: name, columns: use.columns, use: use.use } : { header: name, columns: [], use: 'ignored' };
  });
  const has = (name: string) => attributes.some((a) => a.toLowerCase() === name);
  const from = (...names: string[]) => attributes.filter((a) => names.includes(a.toLowerCase()));
  return {
    format: 'ldif',
    formatLabel: importFormatLabels.ldif,
    headers,
    columns: [
      { column: 'login', headers: from('uid', 'samaccountname'), how: '', chosen: false },
      { column: 'givenName', headers: from('givenname'), how: '', chosen: false },
      { column: 'surname', headers: from('sn'), how: '', chosen: false },
      { column: 'displayName', headers: from('displayname', 'cn'), how: 'displayName, else cn when it is more than given name and surname', chosen: false },
      { column: 'primaryAddress', headers: from('proxyaddresses', 'mail'), how: 'the "SMTP:" entry of proxyAddresses, else the first mail', chosen: false },
      { column: 'aliases', headers: from('maillocaladdress', 'mailalternateaddress', 'mail', 'proxyaddresses'), how: 'every other address of the entry', chosen: false },
      { column: 'quota', headers: from('enclavemailboxquotabytes'), how: has('enclavemailboxquotabytes') ? 'bytes; 0 is unlimited' : "none: the tenant's default for new mailboxes", chosen: false },
      { column: 'password', headers: from('userpassword'), how: 'a cleartext userPassword; otherwise generated for each new mailbox and given in the report', chosen: false },
      { column: 'groups', headers: from('member', 'uniquemember', 'memberuid'), how: "from the file's group and list entries (members); other groups are left as they are", chosen: false },
      { column: 'enabled', headers: from('enclaveaccountstate', 'pwdaccountlockedtime', 'useraccountcontrol'), how: 'enabled unless the entry says disabled or locked', chosen: false },
    ],
    missing: [],
    notes: ['Each entry is a row, numbered by the line of its "dn:".', 'Group and list members must be mailboxes of the tenant or entries of this file.'],
  };
}

function entryKind(record: LdifRecord): EntryKind {
  const classes = values(record, 'objectclass').map((c) => c.toLowerCase());
  if (classes.includes('computer')) return 'other';
  if (groupClasses.some((c) => classes.includes(c))) return 'group';
  if (personClasses.some((c) => classes.includes(c))) return 'mailbox';
  if (containerClasses.some((c) => classes.includes(c))) return 'container';
  return 'other';
}

/** Text values of an attribute (binary ones left out). */
function values(record: LdifRecord, name: string): string[] {
  return (record.attributes.get(name)?.values ?? []).filter((v): v is string => v !== null);
}

const first = (record: LdifRecord, name: string): string => values(record, name)[0] ?? '';
const spelled = (record: LdifRecord, name: string): string => record.attributes.get(name)?.name ?? name;

/** Cleans an attribute's values like a CSV cell (cell-text.ts); problems go to the row under the column. */
function cleanValues(record: LdifRecord, name: string, kind: CellKind, column: ImportColumnKey | null, issues: RowIssue[], notices: RowIssue[]): string[] {
  const attribute = record.attributes.get(name);
  if (!attribute) return [];
  const header = attribute.name;
  if (attribute.values.some((v) => v === null)) issues.push({ column, header, message: 'holds a binary (non-UTF-8) value' });
  return attribute.values
    .filter((v): v is string => v !== null)
    .map((value) => {
      const inspected = inspectCell(value, kind);
      for (const message of inspected.refused) issues.push({ column, header, message });
      for (const message of inspected.removed) notices.push({ column, header, message });
      if (kind !== 'password' && inspected.refused.length === 0) {
        const meant = likelyMojibake(inspected.value);
        if (meant !== null) notices.push({ column, header, message: `"${inspected.value}" reads like UTF-8 decoded as Windows-1252; it was probably "${meant}"` });
      }
      return inspected.value;
    });
}

function mailboxRow(record: LdifRecord): CsvRow {
  const issues: RowIssue[] = [];
  const notices: RowIssue[] = [];
  const cells: CsvRow['cells'] = {};
  const sources: NonNullable<CsvRow['sources']> = {};
  const take = (name: string, kind: CellKind, column: ImportColumnKey) => cleanValues(record, name, kind, column, issues, notices);
  const single = (column: ImportColumnKey, names: string[], kind: CellKind) => {
    for (const name of names) {
      const found = take(name, kind, column);
      if (found.length === 0) continue;
      if (found.length > 1) issues.push({ column, header: spelled(record, name), message: `has ${found.length} values; one is expected` });
      cells[column] = found[0] ?? '';
      sources[column] = spelled(record, name);
      return;
    }
  };
  single('login', ['uid', 'samaccountname'], 'key');
  single('givenName', ['givenname'], 'name');
  single('surname', ['sn'], 'name');
  const display = take('displayname', 'name', 'displayName')[0];
  const commonName = take('cn', 'name', 'displayName')[0];
  const plainName = [cells.givenName, cells.surname].filter(Boolean).join(' ');
  if (display !== undefined) {
    cells.displayName = display;
    sources.displayName = spelled(record, 'displayname');
  } else if (commonName !== undefined && commonName.trim() !== plainName.trim()) {
    cells.displayName = commonName;
    sources.displayName = spelled(record, 'cn');
  }

  // Addresses: the SMTP: proxy, else the first mail; everything else of the entry is an alias.
  const proxies = take('proxyaddresses', 'key', 'primaryAddress');
  const primaries = proxies.filter((p) => p.startsWith('SMTP:')).map((p) => p.slice(5));
  const secondaries = proxies.filter((p) => /^smtp:/i.test(p) && !p.startsWith('SMTP:')).map((p) => p.slice(5));
  if (primaries.length > 1) issues.push({ column: 'primaryAddress', header: spelled(record, 'proxyaddresses'), message: `names ${primaries.length} primary addresses ("SMTP:"); only one may be` });
  const mails = take('mail', 'key', 'primaryAddress');
  const primary = primaries[0] ?? mails[0];
  if (primary !== undefined) {
    cells.primaryAddress = primary;
    sources.primaryAddress = spelled(record, primaries[0] !== undefined ? 'proxyaddresses' : 'mail');
  }
  const aliasAttributes = ['maillocaladdress', 'mailalternateaddress', 'proxyaddresses', 'mail'];
  if (aliasAttributes.some((name) => record.attributes.has(name))) {
    const others = [...take('maillocaladdress', 'key', 'aliases'), ...take('mailalternateaddress', 'key', 'aliases'), ...secondaries, ...mails];
    const lower = primary?.trim().toLowerCase();
    const aliases = [...new Set(others.map((a) => a.trim()).filter((a) => a !== '' && a.toLowerCase() !== lower))];
    cells.aliases = aliases.join(' | ');
  }

  const quota = take('enclavemailboxquotabytes', 'key', 'quota')[0];
  if (quota !== undefined) {
    cells.quota = quota.trim() === '0' ? 'unlimited' : quota;
    sources.quota = spelled(record, 'enclavemailboxquotabytes');
  }

  const password = take('userpassword', 'password', 'password')[0];
  if (password !== undefined && !/^\{[A-Za-z0-9.-]+\}/.test(password)) {
    cells.password = password;
    sources.password = spelled(record, 'userpassword');
  } else {
    cells.password = generatePasswordWord;
    if (password !== undefined) {
      const scheme = /^\{([^}]+)\}/.exec(password)?.[1] ?? '';
      notices.push({ column: 'password', header: spelled(record, 'userpassword'), message: `holds a {${scheme}} hash, which cannot be carried over (the directory hashes and checks the password it is sent): a password is generated for a new mailbox and given in the report` });
    }
  }

  const state = first(record, 'enclaveaccountstate').toLowerCase();
  const locked = first(record, 'pwdaccountlockedtime');
  const uac = first(record, 'useraccountcontrol');
  if (state !== '' || locked !== '' || uac !== '') {
    const flags = Number(uac);
    const disabled = state === 'disabled' || locked === permanentLock || (uac !== '' && Number.isSafeInteger(flags) && (flags & accountDisabled) !== 0);
    cells.enabled = disabled ? 'no' : 'yes';
  }
  return { row: record.line, cells, sources, issues, notices, dn: record.dn };
}

function groupRow(record: LdifRecord): GroupRow {
  const issues: RowIssue[] = [];
  const notices: RowIssue[] = [];
  const clean = (name: string, kind: CellKind) => cleanValues(record, name, kind, null, issues, notices);
  const names = clean('cn', 'name');
  if (names.length > 1) issues.push({ column: null, header: spelled(record, 'cn'), message: `has ${names.length} values; a group has one name` });
  const classes = values(record, 'objectclass').map((c) => c.toLowerCase());
  const address = clean('mail', 'key');
  const enclaveKind = first(record, 'enclavegroupkind').toLowerCase();
  const groupType = first(record, 'grouptype');
  let kind: GroupKind;
  if (enclaveKind === 'security' || enclaveKind === 'distribution') kind = enclaveKind;
  else if (classes.includes('group') && groupType !== '') kind = (Number(groupType) >>> 0) & securityGroupFlag ? 'security' : 'distribution';
  else kind = address.length > 0 ? 'distribution' : 'security';
  if (address.length > 1) issues.push({ column: null, header: spelled(record, 'mail'), message: `has ${address.length} values; a list has one address` });
  const memberDns = [...values(record, 'member').map((dn) => ({ dn, header: spelled(record, 'member') })), ...values(record, 'uniquemember').map((dn) => ({ dn: dn.replace(/#'?[01]*'?B$/, ''), header: spelled(record, 'uniquemember') }))];
  const description = clean('description', 'name')[0];
  return {
    row: record.line,
    dn: record.dn,
    kind,
    name: names[0] ?? '',
    description,
    address: address[0],
    memberDns,
    memberLogins: values(record, 'memberuid'),
    issues,
    notices,
  };
}

function compactRow(row: CsvRow): CsvRow {
  const out: CsvRow = { row: row.row, cells: row.cells };
  if (row.sources && Object.keys(row.sources).length > 0) out.sources = row.sources;
  if (row.issues && row.issues.length > 0) out.issues = row.issues;
  if (row.notices && row.notices.length > 0) out.notices = row.notices;
  if (row.dn !== undefined) out.dn = row.dn;
  if (row.unreadable) out.unreadable = true;
  if (row.label !== undefined) out.label = row.label;
  return out;
}

/** The value of a DN's first RDN ("ghost" of uid=ghost,ou=people,…), to name an entry that has no login. */
function leafOf(dn: string): string {
  try {
    return leafValue(dn);
  } catch {
    return dn;
  }
}
