/**
 * The composition root: builds the journal, the sandbox controller, the session manager and the import
 * runner, and joins every feature's handlers into one dispatch. Carriers (Electron IPC, browser host, tests)
 * only see AppCore.
 */
import path from 'node:path';
import type { EnclaveError } from '../../shared/errors';
import { AuditJournal, defaultJournalPath } from '../audit/audit-journal';
import { auditScopeOf, inScope } from '../audit/audit-scope';
import { JobRunner } from '../bulk/job-runner';
import { toEnclaveError } from '../directory/ldap-errors';
import { openLdapFlavor } from '../flavors/openldap/openldap-flavor';
import { notConnectedUsageSource } from '../quota/mailbox-usage-source';
import type { AppCore } from './app-core';
import type { AppCoreOptions } from './app-core-options';
import { createDispatcher, type CallHandlers } from './dispatcher';
import { FirstScreenWarmup } from './first-screen-warmup';
import { EventHub } from './event-hub';
import { createConnectionHandlers } from './handlers/connection-handlers';
import { createHostingHandlers } from './handlers/hosting-handlers';
import { createImportHandlers } from './handlers/import-handlers';
import { createIsolationHandlers } from './handlers/isolation-handlers';
import { createKeysHandlers } from './handlers/keys-handlers';
import { createLifecycleHandlers } from './handlers/lifecycle-handlers';
import { createReportHandlers } from './handlers/report-handlers';
import { SandboxController, sandboxProfileId } from './sandbox-controller';
import { SessionManager } from './session-manager';
import { LastConnection } from './last-connection';

export { sandboxProfileId } from './sandbox-controller';

/** Calls that read only (a warmed tenant list stays good across them). */
const warmupKeeps = new Set(['getSession', 'listConnections', 'listTenants', 'countTenantMailboxes']);

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const events = new EventHub();
  // Every write of every session goes through the journal; its outcomes feed the viewer's live tail.
  const journal = new AuditJournal(options.journalPath ?? defaultJournalPath(options.dataDir));
  // The live tail shows what the bound identity may read (main/audit/audit-scope.ts), like the listing.
  const stopTail = journal.onAppend((record) => {
    if (inScope(auditScopeOf(sessions.reader()), record)) events.emit('auditAppended', record);
  });
  // The embedded sandbox is an OpenLDAP directory (a private slapd).
  const sandbox = new SandboxController({ dataDir: options.dataDir, flavor: openLdapFlavor, journal, events, withMail: options.sandboxMail ?? process.env['ENCLAVE_SANDBOX_MAIL'] === '1' });
  const sessions = new SessionManager(events, journal, sandbox);
  const lastConnection = new LastConnection(options.dataDir);
  // Import jobs belong to the core, not to a window: they go on when no window listens.
  // Jobs journal per chunk in the same journal (their own connections are not journaled per write).
  const imports = new JobRunner({ root: path.join(options.dataDir, 'import-jobs'), emit: (progress) => events.emit('importProgress', progress), auditJournal: journal });

  const warmup = new FirstScreenWarmup(() => sessions.currentOrNull()?.services ?? null);
  const handlers: CallHandlers = {
    ...createConnectionHandlers({ profiles: options.profiles, secrets: options.secrets, sessions, sandbox, lastConnection }),
    ...createHostingHandlers(sessions, events, warmup),
    ...createIsolationHandlers(sessions),
    ...createImportHandlers(sessions, imports),
    ...createReportHandlers({ journal, usage: options.usageSource ?? notConnectedUsageSource, sessions }),
    ...createKeysHandlers(sessions),
    ...createLifecycleHandlers({ sessions, journal, dataDir: options.dataDir }),
  };
  const run = createDispatcher(handlers);
  // Any call but these reads may write: a tenant list warmed before it would be stale.
  const dispatch = (name: string, payload: unknown) => {
    if (!warmupKeeps.has(name)) warmup.invalidate();
    return run(name, payload);
  };

  // The console reopens the connection it last had (a saved profile needs its saved password); with none
  // remembered and no saved connection it opens on the sandbox. A failure shows as state, not as an error.
  const remembered = await lastConnection.read();
  const startWith = remembered ?? ((await options.profiles.list()).length === 0 ? sandboxProfileId : null);
  if (startWith === sandboxProfileId && options.useSandbox !== false) {
    await handlers.connect({ profileId: sandboxProfileId }).catch((error: unknown) => {
      const mapped: EnclaveError = toEnclaveError(error);
      sandbox.markUnavailable(mapped.message);
    });
  } else if (startWith !== null && startWith !== sandboxProfileId && (await options.secrets.get(startWith).catch(() => null)) !== null) {
    await handlers.connect({ profileId: startWith }).catch((error: unknown) => {
      const mapped: EnclaveError = toEnclaveError(error);
      events.emit('connectionState', { state: 'disconnected', url: null, message: `Could not reconnect to the last connection: ${mapped.message}` });
    });
  }

  return {
    dispatch,
    windowLoading: () => warmup.start(),
    onEvent: (listener) => events.on(listener),
    dispose: async () => {
      stopTail();
      // Running imports stop after their current chunk; their journals let them be resumed next time.
      await imports.dispose();
      await sessions.close();
      await sandbox.stop();
    },
  };
}
