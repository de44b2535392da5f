/**
 * A tenant leaving, as the console's calls and the command line run it: the exit package, the teardown after it,
 * and where the tenant stands. Host admins only: the package holds the server log (host admins' alone) and the
 * teardown removes a tenant, which is theirs (access-policy.ts: tenant entry delete).
 */
import { failure } from '../../shared/errors';
import type { BoundRole } from '../../shared/model/connection';
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { TeardownReport, TenantExitPackage, TenantLifecycleStatus } from '../../shared/model/tenant-lifecycle';
import type { AuditJournal } from '../audit/audit-journal';
import type { TimelineSources } from '../audit/audit-timeline';
import type { HostingServices } from '../hosting/hosting-services';
import { writeExitPackage } from './exit-package';
import type { FlavorLifecycle } from './flavor-lifecycle';
import { exitPackageRoot, latestPackage, newPackageFolder, teardownRoot } from './package-store';
import { currentContentDigest } from './tenant-contents';
import { teardownTenant } from './teardown';
import { hasStep, readTeardownState, teardownFolder } from './teardown-state';

export interface LifecycleSession {
  services: HostingServices;
  lifecycle: FlavorLifecycle;
  flavor: DirectoryFlavor;
  bindDN: string;
  role: BoundRole;
}

export interface LifecycleOptions {
  /** The app's data folder: packages and teardown records go below it unless named. */
  dataDir: string;
  journal: AuditJournal | null;
  /** The console journal and the server log, for the package's audit trail. */
  timeline: TimelineSources;
  /** Where this export goes (the command line's --out); default: a new folder below the data folder. */
  exportFolder?: string;
  /** The package a teardown relies on (the command line's --export); default: the tenant's latest below the data folder. */
  packageFolder?: string;
  /** The tenant's mailboxes in the bulk-import columns (main/bulk's export). */
  mailboxesCsv(tenant: string): Promise<string>;
}

export class TenantLifecycle {
  constructor(
    private readonly session: LifecycleSession,
    private readonly options: LifecycleOptions,
  ) {}

  /** Writes the tenant's exit package. */
  async exportTenant(tenant: string): Promise<TenantExitPackage> {
    this.assertHostAdmin('export a tenant');
    const folder = this.options.exportFolder ?? newPackageFolder(exitPackageRoot(this.options.dataDir), tenant);
    const { services, lifecycle, flavor, bindDN } = this.session;
    return writeExitPackage({ services, lifecycle, flavor, actor: bindDN, timeline: this.options.timeline, mailboxesCsv: this.options.mailboxesCsv }, tenant, folder);
  }

  /** Tears the tenant down (or finishes an interrupted teardown); `confirm` is its name typed again. */
  async teardown(tenant: string, confirm: string): Promise<TeardownReport> {
    this.assertHostAdmin('tear a tenant down');
    const { packageFolder, dataDir } = this.options;
    return teardownTenant(
      {
        services: this.session.services,
        lifecycle: this.session.lifecycle,
        flavor: this.session.flavor,
        actor: this.session.bindDN,
        journal: this.options.journal,
        stateRoot: teardownRoot(dataDir),
        locatePackage: async (tenantDn) => packageFolder ?? (await latestPackage(exitPackageRoot(dataDir), tenantDn))?.folder ?? null,
      },
      tenant,
      confirm,
    );
  }

  /** The tenant's last exit package (and whether it still holds the tenant as it is) and any unfinished teardown. */
  async status(tenant: string): Promise<TenantLifecycleStatus> {
    const { services, lifecycle } = this.session;
    const { connection, dialect } = services.context;
    const tenantDn = dialect.layout.tenantDn(tenant);
    const state = await readTeardownState(teardownFolder(teardownRoot(this.options.dataDir), tenantDn));
    const unfinished = state !== null && !hasStep(state, 'reported') ? { startedAt: state.startedAt, lastStep: state.steps[state.steps.length - 1]?.step ?? 'planned' } : null;
    const last = await latestPackage(exitPackageRoot(this.options.dataDir), tenantDn);
    if (last === null) return { tenant, lastExport: null, unfinishedTeardown: unfinished };
    const exists = (await connection.read(tenantDn, ['1.1']).catch(() => null)) !== null;
    const outside = exists ? ((await dialect.passwordPolicy?.entriesOutsideTenant(connection, tenant)) ?? []) : [];
    const current = exists && (await currentContentDigest(connection, lifecycle, tenantDn, outside)) === last.contentDigest;
    return { tenant, lastExport: { folder: last.folder, createdAt: last.createdAt, contentDigest: last.contentDigest, current }, unfinishedTeardown: unfinished };
  }

  private assertHostAdmin(what: string): void {
    // An identity the console does not recognise (a rootDN, a custom admin) is left to the server, as elsewhere.
    const kind = this.session.role.kind;
    if (kind === 'host-admin' || kind === 'unrecognized') return;
    throw failure({ kind: 'insufficient-access', ldapCode: 50, serverMessage: '', message: `Refused before sending: only host admins ${what} (the exit package holds the server log, and removing a tenant is the host's decision).` });
  }
}
