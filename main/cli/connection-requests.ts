/**
 * The requests of `connection save|delete|test`. Here the connection options (--url, --bind-dn, --tls-mode,
 * --ca-file, --tls-server-name, --base-dn, --password-file) describe the profile to save or test rather than a
 * directory to open, and a saved connection is named by its name or id, as in the console's connection manager.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/connection';
import { FileProfileStore } from '../profiles/file-profile-store';
import { dataFiles, defaultDataDir } from '../system/data-dir';
import type { CallCommand } from './call-commands';
import type { JsonObject, OptionValues } from './call-request';
import { mailUsageOption, type CliConnectionValues } from './cli-connection';
import { usageFailure } from './cli-exit';

/** Completes the request `buildCallRequest` made from --json-input and the command's own flags. */
export async function connectionRequest(command: CallCommand, values: OptionValues, request: JsonObject, env: NodeJS.ProcessEnv = process.env): Promise<JsonObject> {
  const saved = await new FileProfileStore(path.join(text(values['data']) ?? defaultDataDir(env), dataFiles.profiles)).list();
  const find = (wanted: unknown) => (typeof wanted === 'string' ? saved.find((p) => p.id === wanted || p.name === wanted) : undefined);
  switch (command.builder) {
    case 'delete-connection': {
      const found = find(request['profileId']);
      if (!found) throw failure({ kind: 'not-found', target: String(request['profileId']), message: `There is no saved connection named "${String(request['profileId'])}".` });
      return { ...request, profileId: found.id };
    }
    case 'save-connection': {
      const given = objectAt(request, 'profile');
      // An existing connection of that id or name is updated: what the command line does not give is kept.
      const existing = find(given['id']) ?? find(given['name']);
      const profile: JsonObject = { ...(existing ?? {}), ...given, ...(await optionFields(values)) };
      profile['tlsMode'] ??= defaultTlsMode(profile['urls']);
      profile['id'] ??= existing?.id ?? idFromName(profile['name']);
      const password = await optionPassword(values, null);
      return { ...request, profile, ...(password !== undefined ? { password } : {}) };
    }
    case 'test-connection': {
      const given = objectAt(request, 'profile');
      const named = given['name'];
      let profile: JsonObject;
      if (named !== undefined) {
        const found = find(named);
        if (!found) throw failure({ kind: 'not-found', target: String(named), message: `There is no saved connection named "${String(named)}".` });
        profile = { ...found, ...(await optionFields(values)) } satisfies JsonObject;
      } else {
        profile = { id: 'command-line', name: 'command line', ...given, ...(await optionFields(values)) };
        if (profile['urls'] === undefined || profile['bindDN'] === undefined) throw usageFailure('connection test needs --name NAME (a saved connection), or --url and --bind-dn. See: enclave help connection test');
        profile['tlsMode'] ??= defaultTlsMode(profile['urls']);
      }
      // The handler falls back to the saved password; $ENCLAVE_PASSWORD counts here, as for every connection.
      const password = await optionPassword(values, env['ENCLAVE_PASSWORD'] ?? null);
      return { ...request, profile, ...(password !== undefined ? { password } : request['password'] !== undefined ? { password: request['password'] } : {}) };
    }
    default:
      return request;
  }
}

const text = (value: OptionValues[string]): string | undefined => (typeof value === 'string' ? value : undefined);

function objectAt(request: JsonObject, key: string): JsonObject {
  const value = request[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** The profile fields the connection options give (only those given). */
async function optionFields(values: OptionValues): Promise<Partial<Record<keyof ConnectionProfile, unknown>>> {
  const fields: Partial<Record<keyof ConnectionProfile, unknown>> = {};
  if (Array.isArray(values['url'])) fields.urls = values['url'];
  if (text(values['bind-dn']) !== undefined) fields.bindDN = values['bind-dn'];
  if (text(values['tls-mode']) !== undefined) fields.tlsMode = values['tls-mode'];
  if (text(values['tls-server-name']) !== undefined) fields.tlsServerName = values['tls-server-name'];
  if (text(values['base-dn']) !== undefined) fields.baseDN = values['base-dn'];
  const mailUsage = mailUsageOption(values as CliConnectionValues);
  if (mailUsage !== undefined) fields.mailUsage = mailUsage;
  const caFile = text(values['ca-file']);
  if (caFile !== undefined) {
    try {
      fields.caCertificatePem = await readFile(caFile, 'utf8');
    } catch (error) {
      throw usageFailure(`--ca-file: cannot read ${caFile}: ${(error as Error).message}`);
    }
  }
  return fields;
}

/** The password of --password-file, else `fallback` (undefined when neither). */
async function optionPassword(values: OptionValues, fallback: string | null): Promise<string | undefined> {
  const file = text(values['password-file']);
  if (file === undefined) return fallback ?? undefined;
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw usageFailure(`--password-file: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** ldaps:// means TLS mode "ldaps"; anything else "none" unless --tls-mode says starttls (as for every command). */
function defaultTlsMode(urls: unknown): string | undefined {
  if (!Array.isArray(urls) || typeof urls[0] !== 'string') return undefined;
  return urls[0].toLowerCase().startsWith('ldaps:') ? 'ldaps' : 'none';
}

/** "Corp LDAP (EU)" → "corp-ldap-eu": a profile id (a-z, 0-9, -) from a name. */
export function idFromName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  if (id === '') throw usageFailure(`Cannot make an id from the name "${name}": give --id (a-z, 0-9 and -).`);
  return id;
}
