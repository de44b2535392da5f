/**
 * Checks one row on its own (no directory needed): required fields, syntax of logins and addresses,
 * quota and flag spelling, password length. Uses the same field schemas as every form (shared/model/fields).
 * Problems found while reading the row (refused characters, a format's own checks) come first; a column that
 * has one is not checked again, so each reason is said once.
 */
import type { z } from 'zod';
import { generatePasswordWord, type ImportColumnKey, type RowIssue } from '../../shared/model/bulk-import';
import {
  displayNameField,
  isMailAddress,
  loginNameField,
  loginNamePattern,
  mailAddressField,
  noControlCharacters,
  optionalNameField,
  passwordField,
  passwordMaxLength,
} from '../../shared/model/fields';
import type { CsvRow } from './csv-reading';
import { parseEnabled, parseQuota, splitAliases, splitGroups } from './cell-values';

/** A row as the file wants the mailbox to be; `undefined` means "column absent or cell empty: keep / default". */
export interface DesiredMailbox {
  row: number;
  login: string;
  givenName: string | undefined;
  surname: string;
  displayName: string | undefined;
  primaryAddress: string;
  aliases: string[] | undefined;
  quota: { bytes: number | null } | undefined;
  /** Cleartext, the word "generate", or undefined (none given). */
  password: string | undefined;
  groups: string[] | undefined;
  enabled: boolean | undefined;
}

export type RowCheck = { ok: true; mailbox: DesiredMailbox } | { ok: false; login: string; issues: RowIssue[] };

/** The login a row names, for listing it (lower-cased as the directory keeps it). */
export const rowLogin = (row: CsvRow): string => (row.cells.login ?? '').trim().toLowerCase();

/**
 * A field's schema with a direct check of the common case: `accept` returns what the schema would for a value it
 * is sure the schema accepts, and undefined otherwise, when the schema itself runs (so every message is the
 * schema's). A zod parse per cell was most of the validation's time (a 2,000-row file has 20,000 cells).
 */
export interface FieldRule<T> {
  schema: z.ZodType<T>;
  accept(value: string): T | undefined;
}

/** A name trimmed to 1..max (`required`) or 0..max characters without control characters: one limit for both sides. */
const nameRule = (label: string, max: number, required: boolean): FieldRule<string> => ({
  schema: required ? displayNameField(label, max) : optionalNameField(label, max),
  accept: (value) => {
    const trimmed = value.trim();
    return trimmed.length <= max && (!required || trimmed.length > 0) && noControlCharacters(trimmed) ? trimmed : undefined;
  },
});

export const fieldRules = {
  login: { schema: loginNameField, accept: (value: string) => lowerWhen(value, (lower) => loginNamePattern.test(lower)) },
  address: { schema: mailAddressField, accept: (value: string) => lowerWhen(value, isMailAddress) },
  givenName: nameRule('First name', 64, false),
  surname: nameRule('Last name', 64, true),
  displayName: nameRule('Display name', 128, false),
  groupName: nameRule('Group name', 64, true),
  password: { schema: passwordField, accept: (value: string) => (value.length > 0 && value.length <= passwordMaxLength ? value : undefined) },
} satisfies Record<string, FieldRule<string>>;

/** The value trimmed and lower-cased when `test` holds for that (the schemas' own transforms, in their order). */
function lowerWhen(value: string, test: (lower: string) => boolean): string | undefined {
  const lower = value.trim().toLowerCase();
  return test(lower) ? lower : undefined;
}

/** Validates the cells of one row; `passwordProblem` judges a password by the tenant's password policy. */
export function checkRow(row: CsvRow, passwordProblem: (password: string) => string | null): RowCheck {
  const issues: RowIssue[] = [...(row.issues ?? [])];
  if (row.unreadable) return { ok: false, login: rowLogin(row) || (row.label ?? ''), issues };
  const readProblems = new Set(issues.map((issue) => issue.column));
  const cell = (key: ImportColumnKey): string | undefined => row.cells[key];
  const field = <T>(key: ImportColumnKey, rule: FieldRule<T>, value: string, label?: string): T | undefined => {
    const accepted = rule.accept(value);
    if (accepted !== undefined) return accepted;
    const parsed = rule.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const message = parsed.error.issues[0]?.message ?? 'invalid';
    if (!readProblems.has(key)) issues.push({ column: key, message: label ? `${label}: ${message}` : message });
    return undefined;
  };
  const required = (key: ImportColumnKey, message: string) => {
    if (!readProblems.has(key)) issues.push({ column: key, message });
    return undefined;
  };

  const rawLogin = (cell('login') ?? '').trim();
  const login = rawLogin === '' ? required('login', 'Login is required') : field('login', fieldRules.login, rawLogin);
  const givenName = cell('givenName') === undefined ? undefined : field('givenName', fieldRules.givenName, cell('givenName') ?? '');
  const surname = field('surname', fieldRules.surname, cell('surname') ?? '');
  const displayName = cell('displayName') === undefined ? undefined : field('displayName', fieldRules.displayName, cell('displayName') ?? '');
  const rawPrimary = (cell('primaryAddress') ?? '').trim();
  const primaryAddress = rawPrimary === '' ? required('primaryAddress', 'Primary address is required') : field('primaryAddress', fieldRules.address, rawPrimary, rawPrimary);
  const aliasCell = cell('aliases');
  const aliases = aliasCell === undefined ? undefined : splitAliases(aliasCell).map((alias) => field('aliases', fieldRules.address, alias, alias) ?? '');
  if (aliases && aliases.length > 100) issues.push({ column: 'aliases', message: 'At most 100 aliases' });

  const quotaCell = parseQuota(cell('quota') ?? '');
  let quota: DesiredMailbox['quota'];
  if (quotaCell !== 'empty') {
    if ('error' in quotaCell) issues.push({ column: 'quota', message: quotaCell.error });
    else quota = quotaCell;
  }
  const enabledCell = parseEnabled(cell('enabled') ?? '');
  let enabled: boolean | undefined;
  if (enabledCell !== 'empty') {
    if (typeof enabledCell === 'object') issues.push({ column: 'enabled', message: enabledCell.error });
    else enabled = enabledCell;
  }

  const rawPassword = cell('password') ?? '';
  let password: string | undefined;
  if (rawPassword.trim().toLowerCase() === generatePasswordWord) password = generatePasswordWord;
  else if (rawPassword !== '') {
    // Passwords are taken as typed: leading or trailing spaces may be part of them.
    password = field('password', fieldRules.password, rawPassword);
    const problem = password === undefined ? null : passwordProblem(password);
    if (problem !== null && !readProblems.has('password')) {
      issues.push({ column: 'password', message: problem });
      password = undefined;
    }
  }

  const groupCell = cell('groups');
  const groups = groupCell === undefined ? undefined : splitGroups(groupCell).map((name) => field('groups', fieldRules.groupName, name) ?? '');

  if (issues.length > 0 || login === undefined || surname === undefined || primaryAddress === undefined) {
    return { ok: false, login: login ?? rawLogin.toLowerCase(), issues };
  }
  return {
    ok: true,
    mailbox: { row: row.row, login, givenName, surname, displayName, primaryAddress, aliases, quota, password, groups, enabled },
  };
}
