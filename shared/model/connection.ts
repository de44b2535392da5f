/** Connection profiles: where the directory is and how to reach it. Passwords never appear here. */
import { z } from 'zod';
import { directoryFlavors, type DirectoryFlavor } from './hosting';

export const tlsModes = ['ldaps', 'starttls', 'none'] as const;
export type TlsMode = (typeof tlsModes)[number];

const ldapUrlField = z
  .string()
  .trim()
  .regex(/^ldaps?:\/\/[^\s/?#]+\/?$/i, 'Server URL must look like ldap://host:389 or ldaps://host:636');

const absolutePath = z.string().trim().min(2).max(4096).regex(/^\//, 'An absolute path (starting with /)');

/**
 * Where the console reads mail usage for this directory (docs/mail-servers.md): the local doveadm with the mail
 * host's configuration, or doveadm's HTTP API with its key in a file. Absent: usage is not connected.
 */
export const mailUsageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('doveadm'), configFile: absolutePath }),
  z.object({ kind: z.literal('doveadm-http'), url: z.string().trim().regex(/^https?:\/\/[^\s/?#]+\/?$/i, 'doveadm HTTP API URL must look like http://mail1:8080'), apiKeyFile: absolutePath }),
]);
export type MailUsageConfig = z.infer<typeof mailUsageSchema>;

/** A saved connection, as the renderer may see it. */
export const connectionProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Invalid profile id'),
  name: z.string().trim().min(1, 'Name the connection').max(64),
  /** Tried in order until one answers. */
  urls: z.array(ldapUrlField).min(1, 'Give at least one server URL').max(10),
  /** Who signs in: a DN, or a login or mail address the console resolves to one (main/app/sign-in-name.ts). */
  bindDN: z.string().trim().min(1, 'Say who signs in: a login, an address or a DN').max(1024),
  /**
   * A read-only account (the mail service's) that finds the DN of a login or address on OpenLDAP, where anonymous
   * clients see nothing. Its password is kept like the profile's.
   */
  lookupBindDN: z.string().trim().max(1024).optional(),
  tlsMode: z.enum(tlsModes),
  /** PEM text of the CA that signed the server certificate; system CAs when absent. */
  caCertificatePem: z.string().max(65536).optional(),
  /** Expected TLS server name when it differs from the URL host (e.g. a DC's certificate CN). */
  tlsServerName: z.string().trim().max(253).optional(),
  /** The directory's suffix; read from the server's rootDSE when absent. */
  baseDN: z.string().trim().max(1024).optional(),
  flavor: z.enum(['auto', ...directoryFlavors]).default('auto'),
  /**
   * How long a server may stay silent, in seconds (default 5): a bind not answered in time makes the URL
   * unreachable and the next one is tried; a request outstanding that long makes the console check that the
   * server still answers. Raise it for a server that is known to pause (huge cn=config changes).
   */
  responseTimeoutSeconds: z.number().int().min(1, 'At least 1 second').max(120, 'At most 120 seconds').optional(),
  /** Where mail usage comes from (Dovecot); absent: the quota views show allocations only. */
  mailUsage: mailUsageSchema.optional(),
});
export type ConnectionProfile = z.infer<typeof connectionProfileSchema>;

/** A profile plus whether a password is stored for it (the password itself never leaves main). */
export interface SavedConnection extends ConnectionProfile {
  hasSavedPassword: boolean;
  /** Whether the lookup account's password is stored (only with a lookup account). */
  hasSavedLookupPassword?: boolean;
  isSandbox: boolean;
}

export const saveConnectionRequest = z.object({
  profile: connectionProfileSchema,
  /** Omit to keep the stored password; empty string to forget it. */
  password: z.string().max(256).optional(),
  /** The lookup account's password, kept the same way (omit: keep; empty: forget). */
  lookupPassword: z.string().max(256).optional(),
});

export const connectRequest = z.object({
  profileId: connectionProfileSchema.shape.id,
  /** Used for this session only when the profile has no saved password. */
  password: z.string().max(256).optional(),
});

export const connectionStates = ['connected', 'reconnecting', 'disconnected'] as const;
export type ConnectionState = (typeof connectionStates)[number];

/**
 * What the bound identity may do, read from its group memberships at connect time. The UI offers only what
 * the role allows; the server's access rules still decide every write.
 */
export type BoundRole =
  | { kind: 'host-admin' }
  /** Reads everything; may reset passwords and unlock mailboxes only. */
  | { kind: 'helpdesk' }
  /** Manages only the named tenants. */
  | { kind: 'tenant-admin'; tenants: string[] }
  /** In none of the known groups (e.g. a directory manager): the UI offers everything, the server decides. */
  | { kind: 'unrecognized' };

/** What the console is connected to right now. */
export interface ActiveConnection {
  profileId: string;
  name: string;
  url: string;
  bindDN: string;
  flavor: DirectoryFlavor;
  suffix: string;
  isSandbox: boolean;
  role: BoundRole;
}

export interface SessionInfo {
  connection: ActiveConnection | null;
  sandbox: { state: 'running' | 'starting' | 'stopped' | 'unavailable'; message?: string };
}

export interface ConnectionTestReport {
  url: string;
  flavor: DirectoryFlavor;
  suffix: string;
  vendor: string;
  bindDN: string;
  elapsedMs: number;
}
