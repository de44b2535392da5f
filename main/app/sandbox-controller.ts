/**
 * The embedded sandbox directory's life in the console: started (and seeded on first run) on demand, its
 * server-side setup brought up to date on every start, reported as sandbox state, stopped with the app.
 */
import path from 'node:path';
import { failure } from '../../shared/errors';
import type { ConnectionProfile, SessionInfo } from '../../shared/model/connection';
import type { AuditJournal } from '../audit/audit-journal';
import { toEnclaveError } from '../directory/ldap-errors';
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../flavors/directory-flavor';
import { seedDemo } from '../hosting/demo-seed';
import { startSandboxMail, type SandboxMail } from '../mail/sandbox-mail';
import { openDirectorySession, settingsFromProfile } from './directory-session';
import type { EventHub } from './event-hub';

/** The profile id under which the embedded sandbox appears. */
export const sandboxProfileId = 'sandbox';

export interface SandboxControllerOptions {
  /** The sandbox's files live in `${dataDir}/<the flavor's sandbox folder>`. */
  dataDir: string;
  /** Which flavor's sandbox the console embeds (OpenLDAP: a private slapd). */
  flavor: DirectoryFlavorModule;
  journal: AuditJournal;
  events: EventHub;
  /** Also run a private Dovecot on the sandbox (demo mail, real usage in the quota view): docs/mail-servers.md. */
  withMail?: boolean;
}

export class SandboxController {
  private running: RunningFlavorSandbox | null = null;
  private mail: SandboxMail | null = null;
  private starting: Promise<RunningFlavorSandbox> | null = null;
  private current: SessionInfo['sandbox'] = { state: 'stopped' };

  constructor(private readonly options: SandboxControllerOptions) {}

  get state(): SessionInfo['sandbox'] {
    return this.current;
  }

  /** The running sandbox, if any. */
  get sandbox(): RunningFlavorSandbox | null {
    return this.running;
  }

  /** The connection profile of the running sandbox, or null. */
  profile(): ConnectionProfile | null {
    if (!this.running) return null;
    return { id: sandboxProfileId, name: 'Sandbox directory', ...this.running.profile, ...(this.mail ? { mailUsage: this.mail.usage } : {}) };
  }

  /**
   * The sandbox as the connection list shows it, running or not: its real profile when running, else how it is
   * reached once started (read from its files), else a placeholder for a sandbox not created yet.
   */
  async listedProfile(): Promise<ConnectionProfile> {
    const running = this.profile();
    if (running) return running;
    const stopped = await this.options.flavor.describeSandbox(this.folder()).catch(() => null);
    return { id: sandboxProfileId, name: 'Sandbox directory', ...(stopped ?? { urls: ['ldap://127.0.0.1'], bindDN: 'started on first connect', tlsMode: 'none', flavor: this.options.flavor.flavor }) };
  }

  private folder(): string {
    return path.join(this.options.dataDir, this.options.flavor.sandboxFolder);
  }

  /** Starts (and on first run seeds) the sandbox; errors are reported as sandbox state and thrown as EnclaveFailure. */
  ensure(): Promise<RunningFlavorSandbox> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Records a failure to start as sandbox state (the console shows it instead of an error dialog). */
  markUnavailable(message: string): void {
    this.setState({ state: 'unavailable', message });
  }

  async stop(): Promise<void> {
    const running = this.running;
    const mail = this.mail;
    this.running = null;
    this.mail = null;
    if (mail) await mail.stop().catch(() => undefined);
    if (running) await running.stop();
  }

  private async start(): Promise<RunningFlavorSandbox> {
    this.setState({ state: 'starting' });
    try {
      const running = await this.options.flavor.startSandbox({ dataDir: this.folder() });
      this.running = running;
      void running.exited.then(() => {
        if (this.running === running) {
          this.running = null;
          this.setState({ state: 'stopped', message: 'The sandbox directory stopped.' });
        }
      });
      if (running.created) await this.seed(running);
      // Every start brings the server-side setup up to date: a sandbox made by an older version gets it too.
      await running.prepare(this.options.journal);
      const mailProblem = this.options.withMail ? await this.startMail(running) : null;
      this.setState(mailProblem === null ? { state: 'running' } : { state: 'running', message: `The sandbox's Dovecot did not start: ${mailProblem}` });
      return running;
    } catch (error) {
      const mapped = toEnclaveError(error);
      this.setState({ state: 'unavailable', message: mapped.message });
      throw failure(mapped);
    }
  }

  /** The private Dovecot on the sandbox; the reason when it could not start (the directory works without it). */
  private async startMail(running: RunningFlavorSandbox): Promise<string | null> {
    const profile: ConnectionProfile = { id: sandboxProfileId, name: 'Sandbox directory', ...running.profile };
    try {
      const session = await openDirectorySession(profile, settingsFromProfile(profile, running.password), true, () => {});
      try {
        this.mail = await startSandboxMail({ services: session.services, directory: session.flavor.mailDirectory(session.info.suffix), urls: profile.urls, startTls: profile.tlsMode === 'starttls', caFile: running.summary['caFile'] ?? null, dataDir: path.join(this.options.dataDir, 'sandbox-mail') });
        return null;
      } finally {
        await session.connection.dispose();
      }
    } catch (error) {
      return toEnclaveError(error).message;
    }
  }

  private async seed(running: RunningFlavorSandbox): Promise<void> {
    const profile: ConnectionProfile = { id: sandboxProfileId, name: 'Sandbox directory', ...running.profile };
    const seeding = await openDirectorySession(profile, settingsFromProfile(profile, running.password), true, () => {});
    try {
      await seedDemo(seeding.services);
    } finally {
      await seeding.connection.dispose();
    }
  }

  private setState(state: SessionInfo['sandbox']): void {
    this.current = state;
    this.options.events.emit('sandboxState', state);
  }
}
