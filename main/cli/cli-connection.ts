/** Turns command-line options into an open directory session (or a clear error). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../shared/errors';
import { connectionProfileSchema, type ConnectionProfile } from '../../shared/model/connection';
import { dataFiles, defaultDataDir } from '../system/data-dir';
import { AuditJournal, defaultJournalPath } from '../audit/audit-journal';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../app/directory-session';
import { resolveSignInName } from '../app/sign-in-name';
import { FileProfileStore } from '../profiles/file-profile-store';
import { FileSecretStore } from '../profiles/file-secret-store';
import { usageFailure } from './cli-exit';
import type { CliValues, connectionOptionSpec } from './cli-options';

/** The connection options' values, as every command's parse returns them. */
export type CliConnectionValues = { [K in keyof typeof connectionOptionSpec]?: (typeof connectionOptionSpec)[K] extends { multiple: true } ? string[] : string };

/** The journal a command writes to and `audit` reads: --journal, else <data>/audit/journal.jsonl. */
export const cliJournalPath = (values: CliConnectionValues): string => values.journal ?? defaultJournalPath(values.data ?? defaultDataDir());

const usage = 'Give --url and --bind-dn (password from --password-file or $ENCLAVE_PASSWORD), or --profile NAME.';

/** The connection profile and password the options describe: --profile NAME, or --url and --bind-dn. */
export function cliProfile(values: CliConnectionValues, env: NodeJS.ProcessEnv = process.env): Promise<{ profile: ConnectionProfile; password: string }> {
  return values.profile ? savedProfile(values, env) : adHocProfile(values, env);
}

/** Opens the session the options describe. */
export async function connectFromCli(values: CliValues, env: NodeJS.ProcessEnv = process.env): Promise<DirectorySession> {
  const { profile: given, password } = await cliProfile(values, env);
  // --bind-dn may be a login or an address too (on AD a UPN): resolved as the console does, without a lookup account.
  const bindDN = await resolveSignInName({ profile: given, password, lookupPassword: null }, (dn, secret) => settingsFromProfile({ ...given, bindDN: dn }, secret));
  const profile = { ...given, bindDN };
  // Every command's writes are journaled, like the console's: refused when the journal cannot be written.
  return openDirectorySession(profile, settingsFromProfile(profile, password), false, () => {}, { journal: new AuditJournal(cliJournalPath(values)) });
}

async function adHocProfile(values: CliConnectionValues, env: NodeJS.ProcessEnv): Promise<{ profile: ConnectionProfile; password: string }> {
  // Nothing to connect to is a mistake in the command line (exit 2), like a missing option.
  if (!values.url?.length || !values['bind-dn']) throw usageFailure(usage);
  const password = await givenPassword(values, env);
  if (password === undefined) throw usageFailure(`No password: ${usage}`, [{ path: ['password'], message: 'required' }]);
  const firstUrl = values.url[0] ?? '';
  const parsed = connectionProfileSchema.safeParse({
    id: 'command-line',
    name: 'command line',
    urls: values.url,
    bindDN: values['bind-dn'],
    tlsMode: values['tls-mode'] ?? (firstUrl.toLowerCase().startsWith('ldaps:') ? 'ldaps' : 'none'),
    caCertificatePem: values['ca-file'] ? await readOption('ca-file', values['ca-file']) : undefined,
    tlsServerName: values['tls-server-name'],
    baseDN: values['base-dn'],
    responseTimeoutSeconds: values['response-timeout'] === undefined ? undefined : Number(values['response-timeout']),
    mailUsage: mailUsageOption(values),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
    throw failure({ kind: 'invalid-input', message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues });
  }
  return { profile: parsed.data, password };
}

/** The password given on the command line (--password-file) or in $ENCLAVE_PASSWORD, if any. */
async function givenPassword(values: CliConnectionValues, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return values['password-file'] ? (await readOption('password-file', values['password-file'])).replace(/\r?\n$/, '') : env['ENCLAVE_PASSWORD'];
}

/** A file an option names; one that cannot be read is a mistake in the command line. */
async function readOption(option: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw usageFailure(`--${option}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** True when the desktop app's OS-encrypted store holds a password for `profileId` (never decrypted here). */
async function hasOsEncryptedSecret(file: string, profileId: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { secrets?: Record<string, unknown> };
    return typeof parsed.secrets?.[profileId] === 'string';
  } catch {
    return false;
  }
}

async function savedProfile(values: CliConnectionValues, env: NodeJS.ProcessEnv): Promise<{ profile: ConnectionProfile; password: string }> {
  const dataDir = values.data ?? defaultDataDir();
  const profiles = new FileProfileStore(path.join(dataDir, dataFiles.profiles));
  const wanted = values.profile ?? '';
  const profile = (await profiles.list()).find((p) => p.id === wanted || p.name === wanted);
  if (!profile) throw failure({ kind: 'not-found', target: wanted, message: `No saved connection named "${wanted}" in ${dataDir}.` });
  const password = (await givenPassword(values, env)) ?? (await new FileSecretStore(path.join(dataDir, dataFiles.secrets)).get(profile.id));
  if (password === null) {
    // The desktop app keeps its passwords encrypted with the OS keyring, which only Electron can open.
    const savedByApp = await hasOsEncryptedSecret(path.join(dataDir, dataFiles.osEncryptedSecrets), profile.id);
    const hint = savedByApp ? ' Its password was saved by the desktop app with OS encryption, which only the app can read:' : '';
    throw failure({ kind: 'invalid-input', message: `The connection "${profile.name}" has no password the command line can use.${hint} give it with --password-file FILE or $ENCLAVE_PASSWORD.`, issues: [{ path: ['password'], message: 'required' }] });
  }
  const mailUsage = mailUsageOption(values);
  if (mailUsage !== undefined) {
    const parsed = connectionProfileSchema.shape.mailUsage.safeParse(mailUsage);
    if (!parsed.success) throw failure({ kind: 'invalid-input', message: `--doveadm-*: ${parsed.error.issues[0]?.message ?? 'invalid'}`, issues: [{ path: ['mailUsage'], message: 'invalid' }] });
    profile.mailUsage = parsed.data;
  }
  const timeout = values['response-timeout'];
  if (timeout === undefined) return { profile, password };
  const seconds = connectionProfileSchema.shape.responseTimeoutSeconds.safeParse(Number(timeout));
  if (!seconds.success) throw failure({ kind: 'invalid-input', message: `--response-timeout: ${seconds.error.issues[0]?.message ?? 'a whole number of seconds'}`, issues: [{ path: ['response-timeout'], message: 'invalid' }] });
  return { profile: { ...profile, responseTimeoutSeconds: seconds.data }, password };
}

/** The mail usage source the options name (--doveadm-config, or --doveadm-url with --doveadm-key-file), if any. */
export function mailUsageOption(values: CliConnectionValues): unknown {
  if (values['doveadm-config']) return { kind: 'doveadm', configFile: path.resolve(values['doveadm-config']) };
  if (values['doveadm-url'] || values['doveadm-key-file']) {
    if (!values['doveadm-url'] || !values['doveadm-key-file']) throw usageFailure('--doveadm-url and --doveadm-key-file go together.');
    return { kind: 'doveadm-http', url: values['doveadm-url'], apiKeyFile: path.resolve(values['doveadm-key-file']) };
  }
  return undefined;
}
