/** A tenant leaving: its exit package, its teardown with proof, and where it stands (main/lifecycle/). */
import type { AuditJournal } from '../../audit/audit-journal';
import { auditScopeOf } from '../../audit/audit-scope';
import { exportMailboxesCsv } from '../../bulk/mailbox-export';
import { TenantLifecycle } from '../../lifecycle/tenant-lifecycle';
import type { CallHandlers } from '../dispatcher';
import type { SessionManager } from '../session-manager';
import { timelineSources } from './report-handlers';

type LifecycleCalls = 'exportTenant' | 'teardownTenant' | 'getTenantLifecycle';

export interface LifecycleDependencies {
  sessions: SessionManager;
  journal: AuditJournal;
  /** The app's data folder: packages go to <data>/tenant-exits, teardown records to <data>/tenant-teardowns. */
  dataDir: string;
  /** The command line's --out (where this export goes) and --export (the package a teardown relies on). */
  exportFolder?: string;
  packageFolder?: string;
}

export function createLifecycleHandlers({ sessions, journal, dataDir, exportFolder, packageFolder }: LifecycleDependencies): Pick<CallHandlers, LifecycleCalls> {
  const lifecycle = () => {
    const session = sessions.current();
    return new TenantLifecycle(
      { services: session.services, lifecycle: session.flavor.lifecycle, flavor: session.info.flavor, bindDN: session.info.bindDN, role: session.info.role },
      {
        dataDir,
        journal,
        timeline: timelineSources(journal.path, session, auditScopeOf(sessions.reader())),
        mailboxesCsv: async (tenant) => (await exportMailboxesCsv(session.services, tenant)).csv,
        ...(exportFolder !== undefined ? { exportFolder } : {}),
        ...(packageFolder !== undefined ? { packageFolder } : {}),
      },
    );
  };
  return {
    exportTenant: ({ tenant }) => lifecycle().exportTenant(tenant),
    teardownTenant: ({ tenant, confirm }) => lifecycle().teardown(tenant, confirm),
    getTenantLifecycle: ({ tenant }) => lifecycle().status(tenant),
  };
}
