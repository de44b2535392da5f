/** One open directory: its held connection, what the server is, and the hosting services over it. */
import type { ActiveConnection, ConnectionProfile, ConnectionTestReport } from '../../shared/model/connection';
import type { ConnectionSettings } from '../directory/connection-settings';
import type { AuditJournal } from '../audit/audit-journal';
import { JournaledConnection } from '../audit/journaled-connection';
import { checkpointContainerDn } from '../audit/checkpoint-rules';
import { DirectoryConnection, type ConnectionStateListener } from '../directory/directory-connection';
import { identifyServer } from '../directory/root-dse';
import { detectBoundRole } from '../hosting/bound-role';
import { createHostingServices, type HostingServices } from '../hosting/hosting-services';

export interface DirectorySession {
  info: ActiveConnection;
  connection: DirectoryConnection;
  services: HostingServices;
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
  /** When given, every write of the session is journaled first and refused when the journal cannot be written. */
  journal?: AuditJournal,
): Promise<DirectorySession> {
  const connection = journal ? new JournaledConnection(settings, onState, journal) : new DirectoryConnection(settings, onState);
  try {
    await connection.open();
    const identity = await identifyServer(connection, profile.baseDN);
    // Audit anchors: journaled sessions add a checkpoint of the journal's head after outcomes (docs/audit.md).
    if (connection instanceof JournaledConnection) connection.anchorIn(checkpointContainerDn(identity.suffix, identity.flavor));
    const services = createHostingServices(connection, identity);
    const role = await detectBoundRole(services.context, settings.bindDN);
    return {
      connection,
      services,
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
