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
}

export class SandboxController {
  private running: RunningFlavorSandbox | null = null;
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
    return this.running ? { id: sandboxProfileId, name: 'Sandbox directory', ...this.running.profile } : null;
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
    this.running = null;
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
      this.setState({ state: 'running' });
      return running;
    } catch (error) {
      const mapped = toEnclaveError(error);
      this.setState({ state: 'unavailable', message: mapped.message });
      throw failure(mapped);
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
