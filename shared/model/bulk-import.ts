/**
 * Bulk import of mailboxes from CSV or LDIF (docs/bulk-import.md): the documented columns, the formats other
 * tools write and how they map to the columns, the plan a preview shows, and the state of a running import job.
 * Row numbers are the spreadsheet's (the header is row 1); in an LDIF file a row is the line of an entry's `dn:`.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';

/** `create`: only new mailboxes; `upsert`: create new ones and update names, addresses, quota, groups, state of existing ones. */
export const importModes = ['create', 'upsert'] as const;
export type ImportMode = (typeof importModes)[number];

/** The columns a file may have, in template order. */
export const importColumnKeys = ['login', 'givenName', 'surname', 'displayName', 'primaryAddress', 'aliases', 'quota', 'password', 'groups', 'enabled'] as const;
export type ImportColumnKey = (typeof importColumnKeys)[number];

/** One documented column: its header in the template, other accepted headers, and what it holds. */
export interface ImportColumn {
  key: ImportColumnKey;
  header: string;
  /** Other spellings accepted in a header (compared without case, spaces, dashes or underscores). */
  synonyms: readonly string[];
  required: boolean;
  description: string;
}

/** Separator of several aliases or groups in one cell. Aliases may also be separated by spaces, commas or semicolons. */
export const listSeparator = '|';

/** The word in the password column that asks Enclave to generate a password (reported in the result report). */
export const generatePasswordWord = 'generate';

/** The word in the quota column for "no quota". */
export const unlimitedQuotaWord = 'unlimited';

export const importColumns: readonly ImportColumn[] = [
  { key: 'login', header: 'login', synonyms: ['uid', 'username', 'user name', 'account'], required: true, description: 'Login name: 1–20 characters, letters, digits, dot, dash, underscore; unique in the whole directory.' },
  { key: 'givenName', header: 'given name', synonyms: ['first name', 'firstname', 'givenname', 'given'], required: false, description: 'First name (optional).' },
  { key: 'surname', header: 'surname', synonyms: ['last name', 'lastname', 'family name', 'sn'], required: true, description: 'Last name (required).' },
  { key: 'displayName', header: 'display name', synonyms: ['displayname', 'full name'], required: false, description: 'Name shown in address books; empty means "given name surname".' },
  // Not "address": in most people's files (Microsoft 365's template among them) that is the street address.
  { key: 'primaryAddress', header: 'primary address', synonyms: ['email', 'e-mail', 'mail', 'email address', 'primary email'], required: true, description: 'Primary mail address, in a domain of the tenant.' },
  { key: 'aliases', header: 'aliases', synonyms: ['alias', 'other addresses'], required: false, description: 'More addresses, separated by | (or spaces, commas, semicolons, new lines).' },
  { key: 'quota', header: 'quota', synonyms: ['mailbox quota', 'quota bytes'], required: false, description: 'Bytes, or a number with a unit: 500 MiB, 2GB, 1.5 TiB (KB/MB/GB/TB mean KiB/MiB/GiB/TiB, as mail servers count); "unlimited"; empty: the tenant default (new) or unchanged (existing).' },
  { key: 'password', header: 'password', synonyms: ['initial password'], required: false, description: 'Initial password (at least the policy\'s minimum length), or "generate". Ignored for existing mailboxes.' },
  { key: 'groups', header: 'groups', synonyms: ['group', 'member of', 'lists'], required: false, description: 'Groups and lists of the tenant to be a member of, separated by |. all-users is always kept. In update mode the column is the whole list.' },
  { key: 'enabled', header: 'enabled', synonyms: ['active', 'state'], required: false, description: 'yes/no (also true/false, 1/0, active/disabled); empty: yes (new) or unchanged (existing).' },
];

/** A problem with one row; `column` is null for problems of the whole row. */
export interface RowIssue {
  column: ImportColumnKey | null;
  /** The file's header the value came from, as written in the file (LDIF: the attribute); absent when none. */
  header?: string;
  message: string;
}

const columnHeader = (key: ImportColumnKey | null): string | undefined => importColumns.find((column) => column.key === key)?.header;

/** "Last Name: contains U+200B …": the reason with the column it is about, as the file names it. */
export function describeIssue(issue: RowIssue): string {
  const where = issue.header ?? columnHeader(issue.column);
  return where === undefined ? issue.message : `${where}: ${issue.message}`;
}

/** Every reason of a row, each with its column, in one line. */
export const describeIssues = (issues: readonly RowIssue[]): string => issues.map(describeIssue).join('; ');

/** The file formats a preview recognises from the header (or, for LDIF, from the content). */
export const importFormatIds = ['enclave', 'microsoft-365', 'google-workspace', 'active-directory', 'ldif'] as const;
export type ImportFormatId = (typeof importFormatIds)[number];

export const importFormatLabels: Record<ImportFormatId, string> = {
  enclave: "Enclave's columns",
  'microsoft-365': 'Microsoft 365 admin center ("Add multiple users" CSV)',
  'google-workspace': 'Google Workspace (bulk upload CSV)',
  'active-directory': 'Active Directory export (csvde, Get-ADUser | Export-Csv)',
  ldif: 'LDIF (RFC 2849): mailboxes, groups and lists',
};

/** One header of the file and what the import does with it. */
export interface SeenHeader {
  /** As written in the file (trimmed); LDIF: the attribute name. */
  header: string;
  /** The columns it fills; empty when it is ignored. */
  columns: ImportColumnKey[];
  /** What it is used for, in words ("login: the part before @"), or why it is ignored. */
  use: string;
}

/** Where one of Enclave's columns comes from. */
export interface MappedColumn {
  column: ImportColumnKey;
  /** The file's headers it is read from; empty when the file has none for it. */
  headers: string[];
  /** How the value is taken when it is not the cell as it is, or what happens without one. */
  how: string;
  /** Given by the user (the dialog's mapping step, `--map`) rather than recognised. */
  chosen: boolean;
}

/** How a file's headers map to the import columns, shown before anything else. */
export interface ImportMapping {
  format: ImportFormatId;
  formatLabel: string;
  /** Every header of the file, in file order. */
  headers: SeenHeader[];
  /** Every import column, in template order. */
  columns: MappedColumn[];
  /** Required columns nothing in the file fills: the file cannot be imported until they are mapped. */
  missing: ImportColumnKey[];
  /** Decisions the format implies (passwords generated, values not carried over). */
  notes: string[];
}

/** A column → header choice: the header as written in the file, or '' to leave the column out. */
export const columnChoiceSchema = z.partialRecord(z.enum(importColumnKeys), z.string().max(256));
export type ColumnChoice = z.infer<typeof columnChoiceSchema>;

/** What the import does with a row. */
export const planActions = ['create', 'update', 'unchanged', 'rejected'] as const;
export type PlanAction = (typeof planActions)[number];

/** Fields an update may change. */
export type ChangedField = 'givenName' | 'surname' | 'displayName' | 'primaryAddress' | 'aliases' | 'quota' | 'groups' | 'enabled';

/** What a row stands for: a mailbox (every CSV row), or a group or list (LDIF). */
export type RowEntity = 'mailbox' | 'security' | 'distribution';

/** Fields of a group or list an update may change. */
export type ChangedGroupField = 'description' | 'address' | 'members';

/** One row of the plan. */
export interface PlannedRow {
  row: number;
  /** The mailbox's login, or the group's name. */
  login: string;
  /** Absent: a mailbox. */
  entity?: RowEntity;
  action: PlanAction;
  /** For updates: the fields that differ from the directory. */
  changes: (ChangedField | ChangedGroupField)[];
  /** For rejected rows: every reason. */
  issues: RowIssue[];
  /** What reading changed or suspects without rejecting the row (a removed invisible character, likely mojibake). */
  notices?: RowIssue[];
}

export interface ImportCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
}

/** What the preview shows before anything is written. */
export interface ImportPreview {
  tenant: string;
  mode: ImportMode;
  /** How the bytes were read: "UTF-8", "Windows-1252", "UTF-16LE", … (the reason is among the warnings). */
  encoding: string;
  /** The format recognised and how its headers map to the columns. */
  mapping: ImportMapping;
  /** False when required columns are not mapped: then no row was checked (counts are zero, rows empty). */
  ready: boolean;
  delimiter: string;
  columns: ImportColumnKey[];
  /** Header cells that matched no column (ignored). */
  ignoredHeaders: string[];
  warnings: string[];
  counts: ImportCounts;
  /** The first rows of the plan, in file order. */
  rows: PlannedRow[];
  /** Every rejected row (up to 10,000). */
  rejected: PlannedRow[];
  /** Every row that is not rejected but has notices (up to 10,000). */
  noticed: PlannedRow[];
  /** Time spent reading the directory and validating, in milliseconds. */
  validationMs: number;
}

const csvText = z.string().max(64 * 1024 * 1024, 'The file is larger than 64 MiB');

/**
 * The file, given as text (already decoded) or as its bytes in base64, which main decodes (the encoding is
 * detected there: a renderer cannot decode Windows-1252 correctly); one of the two is required. `mapping`
 * overrides the recognised mapping column by column.
 */
const importSource = {
  csv: csvText.optional(),
  fileBase64: z
    .string()
    .max(Math.ceil((64 * 1024 * 1024) / 3) * 4, 'The file is larger than 64 MiB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64')
    .optional(),
  mapping: columnChoiceSchema.optional(),
};

/** The file of a preview or start request as main reads it. */
export interface ImportSourceRequest {
  csv?: string | undefined;
  fileBase64?: string | undefined;
  mapping?: ColumnChoice | undefined;
}

export const previewImportRequest = z.object({
  tenant: tenantNameField,
  ...importSource,
  mode: z.enum(importModes).default('create'),
  /** How many plan rows to return (rejected rows are always returned). */
  firstRows: z.number().int().min(0).max(10_000).default(200),
});

export const startImportRequest = z.object({
  tenant: tenantNameField,
  ...importSource,
  mode: z.enum(importModes).default('create'),
  /** false: all or nothing (refused when any row is rejected); true: import only the valid rows. */
  onlyValid: z.boolean().default(false),
  /** Shown in the job list. */
  fileName: z.string().max(256).default('import.csv'),
});

export const importJobRef = z.object({ jobId: z.string().regex(/^imp-[0-9a-z-]{1,64}$/, 'Not an import job id') });

/** Where a job is: `interrupted` means it stopped on its own (connection lost, app closed) and can be resumed. */
export const importJobStates = ['running', 'paused', 'interrupted', 'cancelled', 'completed'] as const;
export type ImportJobState = (typeof importJobStates)[number];

/** Progress of a job, pushed as the `importProgress` event. */
export interface ImportProgress {
  jobId: string;
  tenant: string;
  state: ImportJobState;
  /** Rows finished (written, unchanged or failed) out of `total` selected rows. */
  done: number;
  total: number;
  /** Rows of the file, and those rejected before the start (left out with "only the valid rows"; in the report). */
  fileRows: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Rows per second over the last seconds. */
  ratePerSec: number;
  etaSeconds: number | null;
  message?: string;
  /**
   * In an event: the rows that failed in the chunk it reports (only those, at most `failedRowsListed`). In a
   * job's info: its failed rows so far (the first `failedRowsListed` by row; `failed` counts them all).
   */
  failedRows?: FailedImportRow[];
  /** In an event of a resumed job: rows that had failed before and are done now. */
  recoveredRows?: number[];
}

/** A job as listed. */
export interface ImportJobInfo extends ImportProgress {
  mode: ImportMode;
  onlyValid: boolean;
  fileName: string;
  createdAt: string;
  updatedAt: string;
}

/** A CSV file handed to the UI to save. */
export interface CsvFile {
  fileName: string;
  csv: string;
}

/** A row that failed while a job ran: its spreadsheet row, its login and the server's reason. */
export interface FailedImportRow {
  row: number;
  login: string;
  message: string;
}

/** How many failed rows a job's info, one event and the dialog's list hold at most; the report has them all. */
export const failedRowsListed = 500;
