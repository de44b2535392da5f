/**
 * Which of the file's headers fill which import column, recognised from the header row: Enclave's own columns
 * (with their synonyms), Microsoft 365 admin center's "Add multiple users" template, Google Workspace's bulk
 * upload file, and Active Directory exports (csvde, `Get-ADUser | Export-Csv`). Each column has one rule that
 * reads one or more headers; a user's choice (`--map`, the dialog's mapping step) replaces rules column by
 * column. Every header of the file is accounted for: used (and how) or ignored (and why).
 */
import { failure } from '../../shared/errors';
import {
  generatePasswordWord,
  importColumns,
  importFormatLabels,
  type ColumnChoice,
  type ImportColumnKey,
  type ImportFormatId,
  type ImportMapping,
  type MappedColumn,
  type SeenHeader,
} from '../../shared/model/bulk-import';
import { splitAddress } from '../../shared/model/fields';

/** A header cell of the file: its position and its text, trimmed. */
export interface FileHeader {
  index: number;
  text: string;
}

/** What a rule reports about a row besides its value. */
export interface RuleProblems {
  issue(header: string, message: string): void;
  notice(header: string, message: string): void;
}

/** How one import column is filled from the file. */
export interface ColumnRule {
  column: ImportColumnKey;
  /** The headers it reads. */
  headers: FileHeader[];
  /** How, in words, when it is not the cell as it is. */
  how: string;
  /** Given by the user. */
  chosen: boolean;
  /** The value for a row (the cells already cleaned) and the header it came from; undefined: the row gives none. */
  read(cells: readonly string[], problems: RuleProblems): { value: string; header: string } | undefined;
}

export interface FormatMapping {
  format: ImportFormatId;
  rules: Map<ImportColumnKey, ColumnRule>;
  /** Headers read for something other than a column (csvde's objectClass), with that use in words. */
  otherUses: Map<number, string>;
  /** Why the format's other headers are ignored, by normalized header, and for the rest. */
  ignoredWhy: Map<string, string>;
  otherwiseIgnored?: string;
  notes: string[];
  /** A reason to refuse a row whatever its columns say (csvde: a group or a computer), with the header it comes from. */
  refuseRow?(cells: readonly string[]): { header: string; message: string } | null;
}

/** Headers compared without case, spaces, dashes, dots or underscores, and without Google's "[Required]" tags. */
export const headerKey = (text: string): string =>
  text
    .replace(/\[[^\]]*\]\s*$/u, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

const enclaveColumnByKey = new Map<string, ImportColumnKey>(
  importColumns.flatMap((column) => [column.header, column.key, ...column.synonyms].map((name) => [headerKey(name), column.key] as const)),
);

/** Whether `header` names one of Enclave's columns (the separator detection counts these). */
export const isKnownHeader = (header: string): boolean => enclaveColumnByKey.has(headerKey(header)) || formatSignals.has(headerKey(header));

const microsoft365Only = ['jobtitle', 'officenumber', 'officephone', 'mobilephone', 'fax', 'alternateemailaddress', 'stateorprovince', 'ziporpostalcode', 'countryorregion'];
const activeDirectoryKeys = ['samaccountname', 'userprincipalname', 'proxyaddresses'];
const formatSignals = new Set([...microsoft365Only, ...activeDirectoryKeys, 'username', 'orgunitpath', 'newprimaryemail', 'useraccountcontrol', 'objectclass', 'dn']);

/** The format the header row says the file is in. */
export function detectFormat(headers: readonly FileHeader[]): ImportFormatId {
  const keys = new Set(headers.map((header) => headerKey(header.text)));
  if (headers.some((header) => /\[(required|upload only|read only|must be in the e\.164 format)\]\s*$/i.test(header.text)) || (keys.has('emailaddress') && keys.has('orgunitpath'))) {
    return 'google-workspace';
  }
  if (activeDirectoryKeys.some((key) => keys.has(key)) || (keys.has('dn') && keys.has('objectclass'))) return 'active-directory';
  if (keys.has('username') && keys.has('displayname') && microsoft365Only.filter((key) => keys.has(key)).length >= 2) return 'microsoft-365';
  return 'enclave';
}

/** The mapping of `format` over the file's headers; throws invalid-input when Enclave's columns are named twice. */
export function formatMapping(format: ImportFormatId, headers: readonly FileHeader[]): FormatMapping {
  switch (format) {
    case 'microsoft-365':
      return microsoft365Mapping(headers);
    case 'google-workspace':
      return googleMapping(headers);
    case 'active-directory':
      return activeDirectoryMapping(headers);
    default:
      return enclaveMapping(headers);
  }
}

// ---- Rules ----

const cellOf = (cells: readonly string[], header: FileHeader) => cells[header.index] ?? '';

/** The cell as it is. */
const copyRule = (column: ImportColumnKey, header: FileHeader, chosen = false): ColumnRule => ({
  column,
  headers: [header],
  how: '',
  chosen,
  read: (cells) => ({ value: cellOf(cells, header), header: header.text }),
});

/** The part of an address before the @ (Microsoft 365's user name, Google's address, a UPN). */
const localPartRule = (column: ImportColumnKey, header: FileHeader): ColumnRule => ({
  column,
  headers: [header],
  how: 'the part before @',
  chosen: false,
  read: (cells, problems) => {
    const cell = cellOf(cells, header).trim();
    if (cell === '') return { value: '', header: header.text };
    const parts = splitAddress(cell);
    if (!parts) {
      problems.issue(header.text, `"${cell}" is not an address (name@domain), so it gives no login`);
      return { value: '', header: header.text };
    }
    return { value: parts.local, header: header.text };
  },
});

/** A constant, for a column the format has no header for (passwords: generated). */
const constantRule = (column: ImportColumnKey, value: string, how: string): ColumnRule => ({ column, headers: [], how, chosen: false, read: () => ({ value, header: '' }) });

const generatedPasswords = (why: string) => constantRule('password', generatePasswordWord, `none in the file (${why}): generated for each new mailbox and given in the report`);

/** Finds headers by normalized name. */
function headerFinder(headers: readonly FileHeader[]) {
  const byKey = new Map<string, FileHeader>();
  for (const header of headers) if (!byKey.has(headerKey(header.text))) byKey.set(headerKey(header.text), header);
  return (...keys: string[]): FileHeader | undefined => keys.map((key) => byKey.get(key)).find((found) => found !== undefined);
}

function rules(list: (ColumnRule | undefined)[]): Map<ImportColumnKey, ColumnRule> {
  return new Map(list.filter((rule): rule is ColumnRule => rule !== undefined).map((rule) => [rule.column, rule]));
}

// ---- Formats ----

function enclaveMapping(headers: readonly FileHeader[]): FormatMapping {
  const found = new Map<ImportColumnKey, ColumnRule>();
  for (const header of headers) {
    const column = enclaveColumnByKey.get(headerKey(header.text));
    if (!column) continue;
    if (found.has(column)) throw fileProblem(`The header names the column "${header.text}" twice (row 1).`);
    found.set(column, copyRule(column, header));
  }
  return { format: 'enclave', rules: found, otherUses: new Map(), ignoredWhy: new Map(), notes: [] };
}

function microsoft365Mapping(headers: readonly FileHeader[]): FormatMapping {
  const find = headerFinder(headers);
  const userName = find('username');
  const ignoredWhy = new Map<string, string>([
    ['alternateemailaddress', 'ignored: an outside address for password recovery, not an alias'],
    ['address', 'ignored: the street address'],
  ]);
  return {
    format: 'microsoft-365',
    rules: rules([
      userName && localPartRule('login', userName),
      userName && { ...copyRule('primaryAddress', userName), how: 'the user name (the UPN) as it is' },
      find('firstname') && copyRule('givenName', find('firstname') as FileHeader),
      find('lastname') && copyRule('surname', find('lastname') as FileHeader),
      find('displayname') && copyRule('displayName', find('displayname') as FileHeader),
      generatedPasswords('Microsoft 365 generates them too'),
    ]),
    otherUses: new Map(),
    ignoredWhy,
    otherwiseIgnored: 'ignored: a profile field Enclave does not keep',
    notes: ['"User Name" is the user principal name: its part before @ becomes the login, the whole the primary address.'],
  };
}

/** Google's download writes "****" for "password unchanged". */
const googleUnchangedPassword = '****';

function googleMapping(headers: readonly FileHeader[]): FormatMapping {
  const find = headerFinder(headers);
  const email = find('emailaddress');
  const newPrimary = find('newprimaryemail');
  const password = find('password');
  const hashFunction = find('passwordhashfunction');
  const status = find('newstatus', 'status');
  const primary: ColumnRule | undefined = email && {
    column: 'primaryAddress',
    headers: newPrimary ? [email, newPrimary] : [email],
    how: newPrimary ? `"${newPrimary.text}" when given, else "${email.text}" (the login stays the old address's; the old address is not kept as an alias)` : '',
    chosen: false,
    read: (cells) => {
      const renamed = newPrimary ? cellOf(cells, newPrimary).trim() : '';
      return renamed !== '' && newPrimary ? { value: renamed, header: newPrimary.text } : { value: cellOf(cells, email), header: email.text };
    },
  };
  const passwordRule: ColumnRule | undefined = password && {
    column: 'password',
    headers: hashFunction ? [password, hashFunction] : [password],
    how: `"${googleUnchangedPassword}" (Google's "unchanged") counts as none, so a new mailbox gets a generated one; a hashed password is refused`,
    chosen: false,
    read: (cells, problems) => {
      const value = cellOf(cells, password);
      const hashed = hashFunction ? cellOf(cells, hashFunction).trim() : '';
      if (hashed !== '' && value !== '' && value !== googleUnchangedPassword && hashFunction) {
        problems.issue(password.text, `is a ${hashed} hash ("${hashFunction.text}"): Enclave sets the cleartext password, which the directory hashes and checks against its policy; give it in clear or write "${generatePasswordWord}"`);
        return { value: '', header: password.text };
      }
      return { value: value === googleUnchangedPassword ? generatePasswordWord : value, header: password.text };
    },
  };
  return {
    format: 'google-workspace',
    rules: rules([
      email && localPartRule('login', email),
      primary,
      find('firstname') && copyRule('givenName', find('firstname') as FileHeader),
      find('lastname') && copyRule('surname', find('lastname') as FileHeader),
      passwordRule ?? generatedPasswords('the file has no password column'),
      status && { ...copyRule('enabled', status), how: 'Active: enabled, Suspended: disabled' },
    ]),
    otherUses: new Map(),
    ignoredWhy: new Map([
      ['recoveryemail', 'ignored: an outside address for recovery, not an alias'],
      ['homesecondaryemail', 'ignored: an outside address, not an alias'],
      ['worksecondaryemail', 'ignored: an outside address, not an alias'],
      ['orgunitpath', "ignored: Google's organizational unit (the import's tenant decides)"],
    ]),
    otherwiseIgnored: 'ignored: a profile or account field Enclave does not keep',
    notes: ['"Email Address" gives the login (the part before @) and the primary address.'],
  };
}

/** userAccountControl's ACCOUNTDISABLE bit. */
const accountDisabled = 0x2;

function activeDirectoryMapping(headers: readonly FileHeader[]): FormatMapping {
  const find = headerFinder(headers);
  const sam = find('samaccountname');
  const upn = find('userprincipalname');
  const proxies = find('proxyaddresses');
  const mail = find('mail', 'emailaddress');
  const uac = find('useraccountcontrol');
  const enabled = find('enabled');
  const objectClass = find('objectclass');
  // csvde separates the values of a multi-valued attribute with ";" (X.400 addresses hold ";" too: they are not SMTP).
  const proxyValues = (cells: readonly string[]) => (proxies ? cellOf(cells, proxies).split(/[;\r\n]+/).map((v) => v.trim()).filter((v) => v !== '') : []);
  // "SMTP:" in capitals marks the primary address; any other spelling is a secondary one (Exchange's convention).
  const smtp = (cells: readonly string[], primary: boolean) =>
    proxyValues(cells)
      .filter((v) => /^smtp:/i.test(v) && v.startsWith('SMTP:') === primary)
      .map((v) => v.slice(5));
  const primaryRule: ColumnRule | undefined =
    proxies || mail
      ? {
          column: 'primaryAddress',
          headers: [proxies, mail].filter((h): h is FileHeader => h !== undefined),
          how: proxies ? `the "SMTP:" entry of ${proxies.text}${mail ? `, else ${mail.text}` : ''}` : '',
          chosen: false,
          read: (cells, problems) => {
            const primaries = smtp(cells, true);
            const mailValue = mail ? cellOf(cells, mail).trim() : '';
            if (proxies && primaries.length > 1) problems.issue(proxies.text, `names ${primaries.length} primary addresses (${primaries.map((p) => `SMTP:${p}`).join(', ')}); only one may be "SMTP:"`);
            const chosen = primaries[0];
            if (chosen !== undefined && proxies) {
              if (mail && mailValue !== '' && mailValue.toLowerCase() !== chosen.toLowerCase() && !smtp(cells, false).some((a) => a.toLowerCase() === mailValue.toLowerCase())) {
                problems.notice(mail.text, `${mailValue} is neither the primary "SMTP:" address (${chosen}) nor among the aliases; it was not imported`);
              }
              return { value: chosen, header: proxies.text };
            }
            return mail ? { value: mailValue, header: mail.text } : { value: '', header: proxies?.text ?? '' };
          },
        }
      : undefined;
  const aliasRule: ColumnRule | undefined = proxies && {
    column: 'aliases',
    headers: [proxies],
    how: 'the "smtp:" entries (X.500, X.400, SIP and other address types are left out)',
    chosen: false,
    read: (cells) => ({ value: smtp(cells, false).join(' | '), header: proxies.text }),
  };
  const enabledRule: ColumnRule | undefined = uac
    ? {
        column: 'enabled',
        headers: [uac],
        how: 'from the ACCOUNTDISABLE bit (2)',
        chosen: false,
        read: (cells, problems) => {
          const text = cellOf(cells, uac).trim();
          if (text === '') return undefined;
          const flags = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : Number.NaN;
          if (!Number.isSafeInteger(flags)) {
            problems.issue(uac.text, `"${text}" is not a userAccountControl number`);
            return { value: '', header: uac.text };
          }
          return { value: flags & accountDisabled ? 'no' : 'yes', header: uac.text };
        },
      }
    : enabled && copyRule('enabled', enabled);
  const otherUses = new Map<number, string>();
  if (objectClass) otherUses.set(objectClass.index, 'tells users from groups, contacts and computers: only users are imported');
  return {
    format: 'active-directory',
    rules: rules([
      sam ? copyRule('login', sam) : upn && localPartRule('login', upn),
      primaryRule,
      aliasRule,
      find('givenname') && copyRule('givenName', find('givenname') as FileHeader),
      find('sn', 'surname') && copyRule('surname', find('sn', 'surname') as FileHeader),
      find('displayname') && copyRule('displayName', find('displayname') as FileHeader),
      enabledRule,
      generatedPasswords('a directory export has none'),
    ]),
    otherUses,
    ignoredWhy: new Map([
      ['memberof', "ignored: the source directory's groups (groups come from LDIF)"],
      ['dn', "ignored: the entry's place in the source directory"],
      ['distinguishedname', "ignored: the entry's place in the source directory"],
    ]),
    otherwiseIgnored: 'ignored: an attribute Enclave does not import',
    notes: sam && upn ? [`The login is ${sam.text}; ${upn.text} is not used.`] : [],
    refuseRow: objectClass
      ? (cells) => {
          const classes = cellOf(cells, objectClass).split(/[;,\s]+/).map((c) => c.toLowerCase()).filter((c) => c !== '');
          if (classes.length === 0 || ((classes.includes('user') || classes.includes('inetorgperson')) && !classes.includes('computer'))) return null;
          const shown = classes.at(-1) ?? '';
          return { header: objectClass.text, message: `is "${shown}": only users become mailboxes${shown === 'group' ? ' (import groups and lists from an LDIF export: ldifde)' : ''}` };
        }
      : undefined,
  } satisfies FormatMapping;
}

// ---- The user's choice ----

/**
 * Replaces rules by the user's choice: each named column is read as it is from the header given ('' leaves it
 * out). An unknown header refuses the whole choice, naming every header the file has.
 */
export function applyChoice(mapping: FormatMapping, headers: readonly FileHeader[], choice: ColumnChoice): FormatMapping {
  const next = new Map(mapping.rules);
  for (const [column, wanted] of Object.entries(choice) as [ImportColumnKey, string | undefined][]) {
    if (wanted === undefined) continue;
    const text = wanted.trim();
    if (text === '') {
      next.delete(column);
      continue;
    }
    const header = headers.find((h) => h.text === text) ?? headers.find((h) => h.text.toLowerCase() === text.toLowerCase());
    if (!header) throw fileProblem(`The mapping names the header "${text}" for ${columnHeader(column)}, but the file has no such header. Headers in the file: ${headerList(headers)}.`);
    next.set(column, copyRule(column, header, true));
  }
  return { ...mapping, rules: next };
}

/** Parses `--map 'login=User Name,surname=Last Name'` (columns by key, header or synonym; a comma inside a header works). */
export function parseColumnChoice(texts: readonly string[]): ColumnChoice {
  const choice: ColumnChoice = {};
  for (const text of texts) {
    // Split at commas that start a new "column=": headers may hold commas.
    const entries = text.split(/,(?=\s*[^,=]+=)/).filter((entry) => entry.trim() !== '');
    for (const entry of entries) {
      const at = entry.indexOf('=');
      const name = at < 0 ? entry : entry.slice(0, at);
      const column = enclaveColumnByKey.get(headerKey(name));
      if (at < 0 || !column) {
        throw fileProblem(`--map takes column=HEADER pairs separated by commas; "${entry.trim()}" is not one. Columns: ${importColumns.map((c) => c.header).join(', ')}.`);
      }
      choice[column] = entry.slice(at + 1).trim();
    }
  }
  return choice;
}

// ---- What the preview shows ----

const columnHeader = (key: ImportColumnKey) => importColumns.find((column) => column.key === key)?.header ?? key;

const headerList = (headers: readonly FileHeader[]) => headers.map((h) => `"${h.text}"`).join(', ');

/** Required columns no rule fills. */
export const missingColumns = (mapping: FormatMapping): ImportColumnKey[] => importColumns.filter((column) => column.required && !mapping.rules.has(column.key)).map((column) => column.key);

/** The refusal of a file whose required columns are not mapped: names them and every header seen. */
export function unmappedProblem(mapping: FormatMapping, headers: readonly FileHeader[]) {
  const missing = missingColumns(mapping).map((key) => `"${columnHeader(key)}"`);
  return fileProblem(
    `The header (row 1) lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (format: ${importFormatLabels[mapping.format]}). ` +
      `Headers in the file: ${headerList(headers)}. Map ${missing.length > 1 ? 'them' : 'it'} in the import dialog, or with --map 'login=HEADER,surname=HEADER,primary address=HEADER'; the template has every column.`,
  );
}

/** The mapping as the preview shows it. */
export function mappingView(mapping: FormatMapping, headers: readonly FileHeader[]): ImportMapping {
  const columns: MappedColumn[] = importColumns.map((column) => {
    const rule = mapping.rules.get(column.key);
    return {
      column: column.key,
      headers: rule?.headers.map((h) => h.text) ?? [],
      how: rule ? rule.how : absentHow(column.key),
      chosen: rule?.chosen ?? false,
    };
  });
  const seen: SeenHeader[] = headers
    .filter((header) => header.text !== '')
    .map((header) => {
      const used = [...mapping.rules.values()].filter((rule) => rule.headers.some((h) => h.index === header.index));
      const other = mapping.otherUses.get(header.index);
      if (used.length === 0) return { header: header.text, columns: [], use: other ?? mapping.ignoredWhy.get(headerKey(header.text)) ?? mapping.otherwiseIgnored ?? 'ignored: not an import column' };
      const use = used.map((rule) => `${columnHeader(rule.column)}${rule.how && rule.headers.length === 1 ? ` (${rule.how})` : ''}`).join('; ');
      return { header: header.text, columns: used.map((rule) => rule.column), use: other ? `${use}; ${other}` : use };
    });
  return { format: mapping.format, formatLabel: importFormatLabels[mapping.format], headers: seen, columns, missing: missingColumns(mapping), notes: mapping.notes };
}

function absentHow(column: ImportColumnKey): string {
  const spec = importColumns.find((c) => c.key === column);
  if (spec?.required) return 'required: map a header to it';
  if (column === 'password') return 'none: a new mailbox needs one (the row is refused)';
  if (column === 'quota') return "none: the tenant's default quota for new mailboxes, unchanged for existing ones";
  if (column === 'enabled') return 'none: new mailboxes are enabled, existing ones unchanged';
  if (column === 'groups') return 'none: all-users only for new mailboxes, unchanged for existing ones';
  return 'none: empty for new mailboxes, unchanged for existing ones';
}

export const fileProblem = (message: string) => failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
