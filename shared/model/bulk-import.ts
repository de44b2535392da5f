/**
 * Bulk import of mailboxes from CSV (docs/bulk-import.md): the documented columns, the plan a preview
 * shows, and the state of a running import job. Row numbers are the spreadsheet's: the header is row 1.
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
  { key: 'primaryAddress', header: 'primary address', synonyms: ['email', 'e-mail', 'mail', 'email address', 'primary email', 'address'], required: true, description: 'Primary mail address, in a domain of the tenant.' },
  { key: 'aliases', header: 'aliases', synonyms: ['alias', 'other addresses'], required: false, description: 'More addresses, separated by | (or spaces, commas, semicolons, new lines).' },
  { key: 'quota', header: 'quota', synonyms: ['mailbox quota', 'quota bytes'], required: false, description: 'Bytes, or a number with a unit: 500 MiB, 2GB, 1.5 TiB (KB/MB/GB/TB mean KiB/MiB/GiB/TiB, as mail servers count); "unlimited"; empty: the tenant default (new) or unchanged (existing).' },
  { key: 'password', header: 'password', synonyms: ['initial password'], required: false, description: 'Initial password (at least the policy\'s minimum length), or "generate". Ignored for existing mailboxes.' },
  { key: 'groups', header: 'groups', synonyms: ['group', 'member of', 'lists'], required: false, description: 'Groups and lists of the tenant to be a member of, separated by |. all-users is always kept. In update mode the column is the whole list.' },
  { key: 'enabled', header: 'enabled', synonyms: ['active', 'state'], required: false, description: 'yes/no (also true/false, 1/0, active/disabled); empty: yes (new) or unchanged (existing).' },
];

/** A problem with one row; `column` is null for problems of the whole row. */
export interface RowIssue {
  column: ImportColumnKey | null;
  message: string;
}

/** What the import does with a row. */
export const planActions = ['create', 'update', 'unchanged', 'rejected'] as const;
export type PlanAction = (typeof planActions)[number];

/** Fields an update may change. */
export type ChangedField = 'givenName' | 'surname' | 'displayName' | 'primaryAddress' | 'aliases' | 'quota' | 'groups' | 'enabled';

/** One row of the plan. */
export interface PlannedRow {
  row: number;
  login: string;
  action: PlanAction;
  /** For updates: the fields that differ from the directory. */
  changes: ChangedField[];
  /** For rejected rows: every reason. */
  issues: RowIssue[];
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
  /** Time spent reading the directory and validating, in milliseconds. */
  validationMs: number;
}

const csvText = z.string().max(64 * 1024 * 1024, 'The file is larger than 64 MiB');

export const previewImportRequest = z.object({
  tenant: tenantNameField,
  csv: csvText,
  mode: z.enum(importModes).default('create'),
  /** How many plan rows to return (rejected rows are always returned). */
  firstRows: z.number().int().min(0).max(10_000).default(200),
});

export const startImportRequest = z.object({
  tenant: tenantNameField,
  csv: csvText,
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
