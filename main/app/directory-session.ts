/** One open directory: its held connection, what the server is, and the hosting services over it. */
import { failure } from '../../shared/errors';
import type { ActiveConnection, ConnectionProfile, ConnectionTestReport } from '../../shared/model/connection';
import type { ConnectionSettings } from '../directory/connection-settings';
import type { AuditJournal } from '../audit/audit-journal';
import { JournaledConnection } from '../audit/journaled-connection';
import { DirectoryConnection, type ConnectionStateListener } from '../directory/directory-connection';
import type { DirectoryFlavorModule } from '../flavors/directory-flavor';
import { identifyServer } from '../flavors/flavors';
import { detectBoundRole } from '../hosting/bound-role';
import { createHostingServices, type HostingServices } from '../hosting/hosting-services';
import { applyRoleChecks, resolveConsoleRole } from '../policy/role-checks';
import { usageSourceFor } from '../quota/dovecot-usage-source';
import { notConnectedUsageSource, type MailboxUsageSource } from '../quota/mailbox-usage-source';

export interface DirectorySession {
  info: ActiveConnection;
  connection: DirectoryConnection;
  services: HostingServices;
  /** Everything flavor-specific for this directory, chosen once from its rootDSE. */
  flavor: DirectoryFlavorModule;
  /** Where mail usage comes from for this connection (its profile's mailUsage), or the not-connected source. */
  usage: MailboxUsageSource;
}

/** How a session is wired beyond its connection. */
export interface SessionOptions {
  /** When given, every write of the session is journaled first and refused when the journal cannot be written. */
  journal?: AuditJournal;
  /** Refuse, before sending, what the bound identity's role may not do (default true). */
  roleChecks?: boolean;
}

/** Builds connection settings from a profile and its password. */
export function settingsFromProfile(profile: ConnectionProfile, password: string): ConnectionSettings {
  return {
    urls: profile.urls,
    bindDN: profile.bindDN,
    password,
    tlsMode: profile.tlsMode,
    ...(profile.caCertificatePem ? { caCertificatePem: profile.caCertificatePem } : {}),
    ...(profile.tlsServerName ? { tlsServerName: profile.tlsServerName } : {}),
    ...(profile.responseTimeoutSeconds ? { responseTimeoutMs: profile.responseTimeoutSeconds * 1000 } : {}),
  };
}

/** Connects, binds, identifies the server and wires the services. Throws EnclaveFailure. */
export async function openDirectorySession(
  profile: ConnectionProfile,
  settings: ConnectionSettings,
  isSandbox: boolean,
  onState: ConnectionStateListener,
  options: SessionOptions = {},
): Promise<DirectorySession> {
  const { journal } = options;
  const connection = journal ? new JournaledConnection(settings, onState, journal) : new DirectoryConnection(settings, onState);
  try {
    await connection.open();
    const identity = await identifyServer(connection, profile.baseDN);
    if (!identity.suffix) {
      throw failure({ kind: 'invalid-input', message: 'The server did not announce a naming context; set the base DN in the connection.', issues: [{ path: ['baseDN'], message: 'required for this server' }] });
    }
    const dialect = identity.module.dialect(identity.suffix);
    if (connection instanceof JournaledConnection) {
      connection.tenantOf = dialect.layout.tenantOf;
      // Audit anchors: journaled sessions add a checkpoint of the journal's head after outcomes (docs/audit.md).
      connection.anchorIn(dialect.layout.auditDn);
    }
    const services = createHostingServices(connection, dialect);
    if (options.roleChecks !== false) applyRoleChecks(services, () => resolveConsoleRole(services.context, connection.bindDN));
    const role = await detectBoundRole(services.context, settings.bindDN);
    return {
      connection,
      services,
      flavor: identity.module,
      usage: usageSourceFor(profile.mailUsage) ?? notConnectedUsageSource,
      info: {
        profileId: profile.id,
        name: profile.name,
        url: connection.url ?? settings.urls[0] ?? '',
        bindDN: settings.bindDN,
        flavor: identity.flavor,
        suffix: identity.suffix,
        isSandbox,
        role,
      },
    };
  } catch (error) {
    await connection.dispose();
    throw error;
  }
}

/** Connects once to report what the server is, then closes: the connection manager's "Test". */
export async function testConnection(settings: ConnectionSettings, baseDN?: string): Promise<ConnectionTestReport> {
  const started = Date.now();
  const connection = new DirectoryConnection(settings);
  try {
    await connection.open();
    const identity = await identifyServer(connection, baseDN);
    return { url: connection.url ?? '', flavor: identity.flavor, suffix: identity.suffix, vendor: identity.vendor, bindDN: settings.bindDN, elapsedMs: Date.now() - started };
  } finally {
    await connection.dispose();
  }
}
