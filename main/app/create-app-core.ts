/**
 * The application core: connection profiles, the embedded sandbox, the active directory session and
 * the handlers behind every contract call. Carriers (Electron IPC, browser host, tests) only see AppCore.
 */
import path from 'node:path';
import { failure, type EnclaveError } from '../../shared/errors';
import type { ConnectionProfile, SavedConnection, SessionInfo } from '../../shared/model/connection';
import type { AppCore } from '../api/app-core';
import { createDispatcher, type CallHandlers } from '../api/dispatcher';
import { toEnclaveError } from '../directory/ldap-errors';
import { seedDemo } from '../sandbox/demo-seed';
import { startSandbox } from '../sandbox/sandbox';
import { tenantUsage } from '../hosting/tenant-usage';
import type { RunningSandbox } from '../sandbox/sandbox-types';
import { AuditJournal, defaultJournalPath } from '../audit/audit-journal';
import { auditScopeOf, inScope } from '../audit/audit-scope';
import { notConnectedUsageSource } from '../quota/mailbox-usage-source';
import type { AppCoreOptions } from './app-core-options';
import { createReportHandlers } from './report-handlers';
import { openDirectorySession, settingsFromProfile, testConnection, type DirectorySession } from './directory-session';
import { EventHub } from './event-hub';
import { JobRunner } from '../bulk/job-runner';
import { exportMailboxesCsv } from '../bulk/mailbox-export';
import { importTemplateCsv } from '../bulk/import-template';
import { createHostingServices } from '../hosting/hosting-services';
import { applySandboxIsolation, sandboxTenantsChanged } from '../isolation/sandbox-isolation';
import { generateIsolationRules, rulesReport } from '../isolation/isolation-rules';
import { readTenantRuleInputs } from '../isolation/apply-isolation';
import { verifyIsolation } from '../isolation/verifier/isolation-verifier';
import type { ConnectionSettings } from '../directory/connection-settings';
import { finishPrimaryGroups, pendingPrimaryGroups } from '../hosting/active-directory/ad-domain-users';

/** The profile id under which the embedded sandbox appears. */
export const sandboxProfileId = 'sandbox';

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const events = new EventHub();
  // Every write of every session goes through the journal; its outcomes feed the viewer's live tail.
  const journal = new AuditJournal(options.journalPath ?? defaultJournalPath(options.dataDir));
  // The live tail shows what the bound identity may read (main/audit/audit-scope.ts), like the listing.
  const stopTail = journal.onAppend((record) => {
    if (inScope(auditScopeOf(currentReader()), record)) events.emit('auditAppended', record);
  });
  let sandbox: RunningSandbox | null = null;
  let sandboxState: SessionInfo['sandbox'] = { state: 'stopped' };
  let session: DirectorySession | null = null;
  // Import jobs belong to the core, not to a window: they go on when no window listens.
  // Jobs journal per chunk in the same journal (their own connections are not journaled per write).
  const imports = new JobRunner({ root: path.join(options.dataDir, 'import-jobs'), emit: (progress) => events.emit('importProgress', progress), auditJournal: journal });

  const setSandboxState = (state: SessionInfo['sandbox']) => {
    sandboxState = state;
    events.emit('sandboxState', state);
  };

  const sandboxProfile = (running: RunningSandbox): ConnectionProfile => ({
    id: sandboxProfileId,
    name: 'Sandbox directory',
    urls: [running.info.url],
    bindDN: running.info.bindDN,
    tlsMode: 'none',
    baseDN: running.info.suffix,
    flavor: 'openldap',
  });

  /** Starts (and on first run seeds) the sandbox; errors are reported as sandbox state, not thrown. */
  async function ensureSandbox(): Promise<RunningSandbox> {
    if (sandbox) return sandbox;
    setSandboxState({ state: 'starting' });
    try {
      const running = await startSandbox({ dataDir: path.join(options.dataDir, 'sandbox') });
      sandbox = running;
      void running.exited.then(() => {
        if (sandbox === running) {
          sandbox = null;
          setSandboxState({ state: 'stopped', message: 'The sandbox directory stopped.' });
        }
      });
      if (running.created) {
        const seeding = await openDirectorySession(sandboxProfile(running), settingsFromProfile(sandboxProfile(running), running.info.password), true, () => {});
        try {
          await seedDemo(seeding.services);
        } finally {
          await seeding.connection.dispose();
        }
      }
      // Every start re-applies the isolation rules: a sandbox made by an older version gets them too.
      await applySandboxIsolation(running.info, journal);
      setSandboxState({ state: 'running' });
      return running;
    } catch (error) {
      const mapped = toEnclaveError(error);
      setSandboxState({ state: 'unavailable', message: mapped.message });
      throw failure(mapped);
    }
  }

  /** The settings of the open session, kept for the isolation verifier (it binds probe accounts alongside). */
  let sessionSettings: ConnectionSettings | null = null;

  async function connectTo(profile: ConnectionProfile, password: string, isSandbox: boolean): Promise<SessionInfo> {
    const settings = settingsFromProfile(profile, password);
    const next = await openDirectorySession(profile, settings, isSandbox, (state, url, message) => {
      events.emit('connectionState', { state, url, ...(message ? { message } : {}) });
    }, journal);
    const running = sandbox;
    if (isSandbox && running) {
      // Sandbox sessions re-apply the access rules through cn=config (ldapi) whenever tenants change.
      const identity = { flavor: next.info.flavor, suffix: next.info.suffix, vendor: 'OpenLDAP (sandbox)' };
      next.services = createHostingServices(next.connection, identity, {
        onTenantsChanged: sandboxTenantsChanged(running.info, next.connection, next.services.context.dialect, journal),
      });
    }
    await closeSession();
    session = next;
    sessionSettings = settings;
    events.emit('connectionState', { state: 'connected', url: next.info.url });
    return sessionInfo();
  }

  async function closeSession(): Promise<void> {
    const current = session;
    session = null;
    if (current) {
      await current.services.mailboxes.closeListings();
      await current.connection.dispose();
    }
  }

  const sessionInfo = (): SessionInfo => ({ connection: session?.info ?? null, sandbox: sandboxState });
  function currentReader() {
    return session ? { role: session.info.role, bindDN: session.info.bindDN } : null;
  }

  const services = () => {
    if (!session) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
    return session.services;
  };

  async function savedConnections(): Promise<SavedConnection[]> {
    const profiles = await options.profiles.list();
    const saved = await Promise.all(
      profiles.map(async (profile) => ({ ...profile, hasSavedPassword: (await options.secrets.get(profile.id)) !== null, isSandbox: false })),
    );
    const sandboxEntry: SavedConnection[] = sandbox ? [{ ...sandboxProfile(sandbox), hasSavedPassword: true, isSandbox: true }] : [];
    return [...sandboxEntry, ...saved];
  }

  const handlers: CallHandlers = {
    getSession: async () => sessionInfo(),
    listConnections: () => savedConnections(),
    saveConnection: async ({ profile, password }) => {
      if (profile.id === sandboxProfileId) throw failure({ kind: 'invalid-input', message: 'The sandbox connection cannot be edited.', issues: [{ path: ['profile', 'id'], message: 'reserved' }] });
      assertTlsModeMatchesUrls(profile);
      await options.profiles.save(profile);
      if (password === '') await options.secrets.delete(profile.id);
      else if (password !== undefined) await options.secrets.set(profile.id, password);
      return { ...profile, hasSavedPassword: (await options.secrets.get(profile.id)) !== null, isSandbox: false };
    },
    deleteConnection: async ({ profileId }) => {
      await options.profiles.delete(profileId);
      await options.secrets.delete(profileId);
      return null;
    },
    testConnection: async ({ profile, password }) => {
      assertTlsModeMatchesUrls(profile);
      const secret = password ?? (await options.secrets.get(profile.id));
      if (secret === null) throw failure({ kind: 'invalid-input', message: 'Enter the password to test this connection.', issues: [{ path: ['password'], message: 'required' }] });
      return testConnection(settingsFromProfile(profile, secret), profile.baseDN);
    },
    connect: async ({ profileId, password }) => {
      if (profileId === sandboxProfileId) {
        const running = await ensureSandbox();
        return connectTo(sandboxProfile(running), running.info.password, true);
      }
      const profile = await options.profiles.get(profileId);
      if (!profile) throw failure({ kind: 'not-found', target: profileId, message: 'That connection profile no longer exists.' });
      const secret = password ?? (await options.secrets.get(profileId));
      if (secret === null) throw failure({ kind: 'invalid-input', message: `Enter the password for ${profile.bindDN}.`, issues: [{ path: ['password'], message: 'required' }] });
      return connectTo(profile, secret, false);
    },

    listTenants: () => services().tenants.list(),
    getTenant: ({ tenant }) => services().tenants.get(tenant),
    createTenant: (request) => services().tenants.create(request),
    updateTenant: ({ tenant, changes }) => services().tenants.update(tenant, changes),
    deleteTenant: async ({ tenant, force }) => {
      await services().tenants.delete(tenant, force);
      return null;
    },

    listMailboxes: ({ tenant, cursor, pageSize, query }) => services().mailboxes.list(tenant, pageSize, cursor, query),
    getMailbox: ({ tenant, login }) => services().mailboxes.get(tenant, login),
    createMailbox: (request) => services().mailboxes.create(request),
    updateMailbox: ({ tenant, login, changes, expectedRevision }) => services().mailboxes.update(tenant, login, changes, expectedRevision),
    setMailboxEnabled: ({ tenant, login, enabled }) => services().mailboxes.setEnabled(tenant, login, enabled),
    resetMailboxPassword: async ({ tenant, login, password }) => {
      await services().mailboxes.resetPassword(tenant, login, password);
      return null;
    },
    deleteMailbox: async ({ tenant, login }) => {
      await services().mailboxes.delete(tenant, login);
      return null;
    },

    listGroups: ({ tenant, kind }) => services().groups.list(tenant, kind),
    getGroup: (ref) => services().groups.get(ref),
    createGroup: (request) => services().groups.create(request),
    updateGroup: ({ changes, ...ref }) => services().groups.update(ref, changes),
    deleteGroup: async (ref) => {
      await services().groups.delete(ref);
      return null;
    },
    addGroupMembers: ({ logins, ...ref }) => services().groups.addMembers(ref, logins),
    removeGroupMembers: ({ logins, ...ref }) => services().groups.removeMembers(ref, logins),

    searchDirectory: ({ query, limit }) => services().search.search(query, limit),
    getAccessRules: async () => {
      const { context } = services();
      const tenants = await readTenantRuleInputs(context.connection, context.dialect);
      return rulesReport(context.dialect.layout.suffix, tenants, generateIsolationRules(context.dialect.layout.suffix, tenants));
    },
    verifyIsolation: async () => {
      const { context } = services();
      if (!sessionSettings) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
      return verifyIsolation({ admin: sessionSettings, suffix: context.dialect.layout.suffix });
    },
    unlockMailbox: ({ tenant, login }) => services().mailboxes.unlock(tenant, login),
    getTenantUsage: ({ tenant }) => tenantUsage(services(), tenant),
    previewImport: ({ tenant, csv, mode, firstRows }) => imports.preview(services(), tenant, csv, mode, firstRows),
    startImport: (request) => imports.start(services(), request),
    pauseImport: ({ jobId }) => imports.pause(jobId),
    resumeImport: ({ jobId }) => imports.resume(services(), jobId),
    cancelImport: ({ jobId }) => imports.cancel(jobId),
    listImportJobs: () => imports.list(),
    exportMailboxesCsv: ({ tenant }) => exportMailboxesCsv(services(), tenant),
    importTemplateCsv: async () => importTemplateCsv(),
    importReportCsv: ({ jobId }) => imports.reportCsv(jobId),
    listPendingPrimaryGroups: () => pendingPrimaryGroups(services().context),
    finishPrimaryGroups: () => finishPrimaryGroups(services().context),
    ...createReportHandlers({ journal, usage: options.usageSource ?? notConnectedUsageSource, services: () => session?.services ?? null, reader: currentReader }),
  };

  const dispatch = createDispatcher(handlers);

  // With no saved connection the console opens on the sandbox; a failure shows as sandbox state.
  if (options.useSandbox !== false && (await options.profiles.list()).length === 0) {
    await handlers.connect({ profileId: sandboxProfileId }).catch((error: unknown) => {
      const mapped: EnclaveError = toEnclaveError(error);
      setSandboxState({ state: 'unavailable', message: mapped.message });
    });
  }

  return {
    dispatch,
    onEvent: (listener) => events.on(listener),
    dispose: async () => {
      stopTail();
      // Running imports stop after their current chunk; their journals let them be resumed next time.
      await imports.dispose();
      await closeSession();
      const running = sandbox;
      sandbox = null;
      if (running) await running.stop();
    },
  };
}

/** ldaps:// URLs go with TLS mode "ldaps", ldap:// with "starttls" or "none": a mismatch is a mistake. */
function assertTlsModeMatchesUrls(profile: ConnectionProfile): void {
  profile.urls.forEach((url, index) => {
    const secure = url.toLowerCase().startsWith('ldaps:');
    if (secure !== (profile.tlsMode === 'ldaps')) {
      throw failure({
        kind: 'invalid-input',
        message: secure ? `${url} is an LDAPS URL: choose TLS mode "ldaps".` : `${url} is a plain LDAP URL: use ldaps://, or choose "starttls" (or "none").`,
        issues: [{ path: ['profile', 'urls', index], message: 'does not match the TLS mode' }],
      });
    }
  });
}
