/**
 * The command line's composition root, the counterpart of main/app/create-app-core.ts: one session opened from
 * the connection options, and the console's own handlers behind the console's own dispatcher. So a command is
 * validated by the contract's schemas, refused by the same role checks, journaled under the same operation name
 * and answered with the same errors as the console's call. Only the feature the command needs is loaded.
 */
import path from 'node:path';
import type { Result } from '../../shared/errors';
import { AuditJournal } from '../audit/audit-journal';
import { createDispatcher, type CallHandlers } from '../app/dispatcher';
import { EventHub } from '../app/event-hub';
import { SessionManager } from '../app/session-manager';
import { FileProfileStore } from '../profiles/file-profile-store';
import { FileSecretStore } from '../profiles/file-secret-store';
import { dataFiles, defaultDataDir } from '../system/data-dir';
import type { Feature } from './call-commands';
import { cliJournalPath, cliProfile, type CliConnectionValues } from './cli-connection';

export interface CliCore {
  /** The console's dispatch: validate against the contract, run the handler in an audit context, errors as data. */
  dispatch(name: string, payload: unknown): Promise<Result<unknown>>;
  /** Closes the session (and stops an import job runner). */
  dispose(): Promise<void>;
}

export interface CliCoreOptions {
  /** The handler module the command's call lives in. */
  feature: Feature;
  /** Open the session the connection options describe before dispatching. */
  connect: boolean;
  /** Where unexpected errors are told (the console logs them). */
  log?: (message: string, error: unknown) => void;
}

/** Builds the core for one command; with `connect`, opens its session first (throws EnclaveFailure when it cannot). */
export async function openCliCore(values: CliConnectionValues, options: CliCoreOptions): Promise<CliCore> {
  const dataDir = values.data ?? defaultDataDir();
  // Every write goes through the journal, as in the console: refused when the journal cannot be written.
  const journal = new AuditJournal(cliJournalPath(values));
  const sessions = new SessionManager(new EventHub(), journal, null);
  const disposers: (() => Promise<void>)[] = [];
  const handlers = await featureHandlers(options.feature, { dataDir, journal, sessions, disposers });
  const core: CliCore = {
    dispatch: createDispatcher(handlers, options.log ?? logUnexpected),
    dispose: async () => {
      for (const dispose of disposers) await dispose();
      await sessions.close();
    },
  };
  if (options.connect) {
    try {
      const { profile, password } = await cliProfile(values);
      await sessions.connect(profile, password, false);
    } catch (error) {
      await core.dispose();
      throw error;
    }
  }
  return core;
}

interface FeatureContext {
  dataDir: string;
  journal: AuditJournal;
  sessions: SessionManager;
  disposers: (() => Promise<void>)[];
}

/** The handlers of one feature, imported on demand (the import runner pulls the CSV stack; tenants need none of it). */
async function featureHandlers(feature: Feature, { dataDir, journal, sessions, disposers }: FeatureContext): Promise<Partial<CallHandlers>> {
  switch (feature) {
    case 'hosting':
      return (await import('../app/handlers/hosting-handlers')).createHostingHandlers(sessions);
    case 'isolation':
      return (await import('../app/handlers/isolation-handlers')).createIsolationHandlers(sessions);
    case 'connection': {
      const { createConnectionHandlers } = await import('../app/handlers/connection-handlers');
      const profiles = new FileProfileStore(path.join(dataDir, dataFiles.profiles));
      const secrets = new FileSecretStore(path.join(dataDir, dataFiles.secrets));
      return createConnectionHandlers({ profiles, secrets, sessions, sandbox: null, lastConnection: null });
    }
    case 'import': {
      const [{ createImportHandlers }, { JobRunner }] = await Promise.all([import('../app/handlers/import-handlers'), import('../bulk/job-runner')]);
      // The same jobs folder as `import`, so `import --resume` and these commands see the same jobs.
      const imports = new JobRunner({ root: path.join(dataDir, 'import-jobs'), emit: () => undefined, auditJournal: journal });
      disposers.push(() => imports.dispose());
      return createImportHandlers(sessions, imports);
    }
    case 'keys':
      return (await import('../app/handlers/keys-handlers')).createKeysHandlers(sessions);
    case 'report': {
      const [{ createReportHandlers }, { notConnectedUsageSource }] = await Promise.all([import('../app/handlers/report-handlers'), import('../quota/mailbox-usage-source')]);
      return createReportHandlers({ journal, usage: notConnectedUsageSource, sessions });
    }
  }
}

function logUnexpected(message: string, error: unknown): void {
  process.stderr.write(`enclave: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}
