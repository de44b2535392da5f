/** The connection editor's values, turned into a profile checked with the contract's schema. */
import { connectionProfileSchema, type ConnectionProfile, type SavedConnection, type TlsMode } from '../../shared/model/connection';
import type { DraftIssues } from './mailbox-draft';

export interface ConnectionForm {
  id: string | null;
  name: string;
  /** One URL per line, tried in order. */
  urls: string;
  bindDN: string;
  tlsMode: TlsMode;
  caCertificatePem: string;
  tlsServerName: string;
  baseDN: string;
  password: string;
  rememberPassword: boolean;
  /** Whether a password is stored already (it is never shown, only "saved"). */
  hasSavedPassword: boolean;
  /** Where mail usage comes from: none, the local doveadm (its config file), or doveadm's HTTP API. */
  usageKind: 'none' | 'doveadm' | 'doveadm-http';
  doveadmConfig: string;
  doveadmUrl: string;
  doveadmKeyFile: string;
  /** The TLS mode was picked by hand (or saved): typing URLs no longer changes it. */
  tlsModeChosen: boolean;
  /** The account that finds a login's or address's DN (OpenLDAP); empty: none. */
  lookupBindDN: string;
  lookupPassword: string;
  hasSavedLookupPassword: boolean;
}

const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?\/?$/i;

/**
 * The TLS mode that works for these URLs unless the administrator picks another: LDAPS for ldaps://, none for a
 * plain server on this machine's loopback (nothing crosses a network; the sandbox listens there), StartTLS for a
 * plain server elsewhere (a server without it then says so in words, see directory-connection.ts).
 */
export function suggestedTlsMode(urls: string): TlsMode {
  const list = urls.split(/\s+/).filter((url) => url !== '');
  if (list.length > 0 && list.every((url) => url.toLowerCase().startsWith('ldaps:'))) return 'ldaps';
  const plainLoopback = list.length > 0 && list.every((url) => /^ldap:\/\//i.test(url) && loopbackHost.test(url.replace(/^ldap:\/\//i, '')));
  return plainLoopback ? 'none' : 'starttls';
}

export function connectionFormFrom(saved: SavedConnection | null): ConnectionForm {
  return {
    id: saved?.id ?? null,
    name: saved?.name ?? '',
    urls: saved?.urls.join('\n') ?? '',
    bindDN: saved?.bindDN ?? '',
    tlsMode: saved?.tlsMode ?? 'starttls',
    caCertificatePem: saved?.caCertificatePem ?? '',
    tlsServerName: saved?.tlsServerName ?? '',
    baseDN: saved?.baseDN ?? '',
    password: '',
    rememberPassword: saved?.hasSavedPassword ?? true,
    hasSavedPassword: saved?.hasSavedPassword ?? false,
    usageKind: saved?.mailUsage?.kind ?? 'none',
    doveadmConfig: saved?.mailUsage?.kind === 'doveadm' ? saved.mailUsage.configFile : '',
    doveadmUrl: saved?.mailUsage?.kind === 'doveadm-http' ? saved.mailUsage.url : '',
    doveadmKeyFile: saved?.mailUsage?.kind === 'doveadm-http' ? saved.mailUsage.apiKeyFile : '',
    tlsModeChosen: saved !== null,
    lookupBindDN: saved?.lookupBindDN ?? '',
    lookupPassword: '',
    hasSavedLookupPassword: saved?.hasSavedLookupPassword ?? false,
  };
}

/** The mail usage source the form describes (checked with the profile). */
function mailUsageOf(form: ConnectionForm): ConnectionProfile['mailUsage'] | undefined {
  if (form.usageKind === 'doveadm') return { kind: 'doveadm', configFile: form.doveadmConfig };
  if (form.usageKind === 'doveadm-http') return { kind: 'doveadm-http', url: form.doveadmUrl, apiKeyFile: form.doveadmKeyFile };
  return undefined;
}

/** A new profile id from the name: lower-case letters, digits and dashes, plus a short unique tail. */
export function newProfileId(name: string, now = Date.now()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${slug || 'connection'}-${now.toString(36)}`;
}

/** The profile, or problems keyed by field (`urls`, `bindDN`, …). */
export function checkConnectionForm(form: ConnectionForm): { profile: ConnectionProfile | null; issues: DraftIssues } {
  const issues: DraftIssues = {};
  const parsed = connectionProfileSchema.safeParse({
    id: form.id ?? newProfileId(form.name),
    name: form.name,
    urls: form.urls.split(/\s+/).filter((u) => u !== ''),
    bindDN: form.bindDN,
    tlsMode: form.tlsMode,
    ...(form.caCertificatePem.trim() !== '' ? { caCertificatePem: form.caCertificatePem.trim() } : {}),
    ...(form.tlsServerName.trim() !== '' ? { tlsServerName: form.tlsServerName } : {}),
    ...(form.baseDN.trim() !== '' ? { baseDN: form.baseDN } : {}),
    ...(mailUsageOf(form) !== undefined ? { mailUsage: mailUsageOf(form) } : {}),
    ...(form.lookupBindDN.trim() !== '' ? { lookupBindDN: form.lookupBindDN } : {}),
  });
  // A mail usage problem is shown at its own field (mailUsage.configFile → doveadmConfig, …).
  const usageField: Record<string, string> = { configFile: 'doveadmConfig', url: 'doveadmUrl', apiKeyFile: 'doveadmKeyFile' };
  if (!parsed.success) for (const issue of parsed.error.issues) issues[issue.path[0] === 'mailUsage' ? (usageField[String(issue.path[1])] ?? 'doveadmConfig') : String(issue.path[0] ?? '')] ??= issue.message;
  if (form.caCertificatePem.trim() !== '' && !form.caCertificatePem.includes('-----BEGIN CERTIFICATE-----')) {
    issues['caCertificatePem'] = 'Paste a PEM certificate (it starts with -----BEGIN CERTIFICATE-----)';
  }
  const urls = form.urls.split(/\s+/).filter((u) => u !== '');
  const mismatch = urls.find((url) => url.toLowerCase().startsWith('ldaps:') !== (form.tlsMode === 'ldaps'));
  if (mismatch !== undefined && issues['urls'] === undefined) {
    issues['urls'] = mismatch.toLowerCase().startsWith('ldaps:') ? `${mismatch} needs TLS mode “LDAPS”` : `${mismatch} is plain LDAP: choose STARTTLS or None, or use ldaps://`;
  }
  return { profile: parsed.success && Object.keys(issues).length === 0 ? parsed.data : null, issues };
}

/** What to send as the lookup account's password on save: forget it with the account, else keep or replace. */
export function lookupPasswordToSave(form: ConnectionForm): string | undefined {
  if (form.lookupBindDN.trim() === '') return form.hasSavedLookupPassword ? '' : undefined;
  return form.lookupPassword !== '' ? form.lookupPassword : undefined;
}

/** What to send as the password on save: keep (undefined), forget (''), or the new one. */
export function passwordToSave(form: ConnectionForm): string | undefined {
  if (!form.rememberPassword) return form.hasSavedPassword ? '' : undefined;
  return form.password !== '' ? form.password : undefined;
}
