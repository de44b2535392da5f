/**
 * The console's one open directory: connecting (closing the previous session), the services of the current
 * session, and the connection-state events the renderer shows. A sandbox session gets the sandbox's wiring.
 */
import { failure } from '../../shared/errors';
import type { ConnectionProfile, SessionInfo } from '../../shared/model/connection';
import type { AuditJournal } from '../audit/audit-journal';
import type { AuditReader } from '../audit/audit-scope';
import type { ConnectionSettings } from '../directory/connection-settings';
import type { HostingServices } from '../hosting/hosting-services';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from './directory-session';
import type { EventHub } from './event-hub';
import type { SandboxController } from './sandbox-controller';

export class SessionManager {
  private session: DirectorySession | null = null;
  /** Kept for the isolation verifier, which binds its probe accounts alongside the session. */
  private settings: ConnectionSettings | null = null;

  constructor(
    private readonly events: EventHub,
    private readonly journal: AuditJournal,
    private readonly sandbox: SandboxController,
  ) {}

  /** What the header shows: the connection (if any) and the sandbox state. */
  info(): SessionInfo {
    return { connection: this.session?.info ?? null, sandbox: this.sandbox.state };
  }

  /** The current session, or a `not-connected` failure. */
  current(): DirectorySession {
    if (!this.session) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
    return this.session;
  }

  /** The current session or null (views that work without one). */
  currentOrNull(): DirectorySession | null {
    return this.session;
  }

  /** Who is bound (role and DN), for scoping what the audit views show; null when not connected. */
  reader(): AuditReader | null {
    return this.session ? { role: this.session.info.role, bindDN: this.session.info.bindDN } : null;
  }

  services(): HostingServices {
    return this.current().services;
  }

  /** The current session's connection settings (host admin's, for the verifier). */
  connectionSettings(): ConnectionSettings {
    if (!this.settings) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
    return this.settings;
  }

  /** Opens a session on `profile`; the previous one is closed only once the new one works. */
  async connect(profile: ConnectionProfile, password: string, isSandbox: boolean): Promise<SessionInfo> {
    const settings = settingsFromProfile(profile, password);
    const running = isSandbox ? this.sandbox.sandbox : null;
    const next = await openDirectorySession(
      profile,
      settings,
      isSandbox,
      (state, url, message) => this.events.emit('connectionState', { state, url, ...(message ? { message } : {}) }),
      { journal: this.journal, ...(running ? { services: (connection, _flavor, dialect) => running.sessionOptions(connection, dialect, this.journal) } : {}) },
    );
    await this.close();
    this.session = next;
    this.settings = settings;
    this.events.emit('connectionState', { state: 'connected', url: next.info.url });
    return this.info();
  }

  async close(): Promise<void> {
    const current = this.session;
    this.session = null;
    this.settings = null;
    if (current) {
      await current.services.mailboxes.closeListings();
      await current.connection.dispose();
    }
  }
}
