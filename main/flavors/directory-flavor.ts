/**
 * One directory flavor as a whole: everything that differs between OpenLDAP and Active Directory sits behind
 * this interface, implemented once per flavor (flavors/openldap/, flavors/active-directory/) and chosen once
 * per session from the server's rootDSE (flavors.ts). Nothing outside main/flavors/ asks which flavor it has.
 */
import type { AuditSourceNotice } from '../../shared/model/audit';
import type { ConnectionProfile } from '../../shared/model/connection';
import type { DirectoryFlavor, PendingPrimaryGroups, PrimaryGroupFinishReport } from '../../shared/model/hosting';
import type { AccessRulesReport, IsolationReport } from '../../shared/model/isolation';
import type { AuditJournal } from '../audit/audit-journal';
import type { ServerLogReader } from '../audit/audit-timeline';
import type { RootDse } from '../directory/root-dse';
import type { HostingContext } from '../hosting/hosting-context';
import type { HostingDialect } from '../hosting/hosting-dialect';
import type { VerifierOptions } from '../policy/verifier/verifier-options';
import type { ConformanceScanOptions } from '../policy/conformance/conformance-scan';
import type { ConformanceReport } from '../../shared/model/conformance';
import type { FlavorLifecycle } from '../lifecycle/flavor-lifecycle';
import type { MailDirectory } from '../mail/mail-directory';

/** The server's own change log for the timeline, or why the flavor has none readable over LDAP. */
export type ServerLog = { reader: ServerLogReader } | { notice: AuditSourceNotice };

/** Where a sandbox keeps its files and whether to start over. */
export interface SandboxStartOptions {
  dataDir: string;
  fresh?: boolean;
}

/** A running private directory of this flavor (the embedded sandbox). The password stays in main. */
export interface RunningFlavorSandbox {
  /** How to reach it, as a connection profile without id and name. */
  readonly profile: Omit<ConnectionProfile, 'id' | 'name'>;
  readonly password: string;
  /** True when this start created the directory: the caller seeds it. */
  readonly created: boolean;
  /** Resolves when the server process exits for any reason. */
  readonly exited: Promise<unknown>;
  /** What `enclave sandbox` prints (connection facts, never more than the CLI user already may know). */
  readonly summary: Record<string, string>;
  /** Brings the server-side setup up to date after seeding (OpenLDAP: schema upgrade and access rules). */
  prepare(journal?: AuditJournal): Promise<void>;
  stop(): Promise<void>;
}

export interface DirectoryFlavorModule {
  readonly flavor: DirectoryFlavor;
  /** A name for people ("OpenLDAP", "Active Directory"). */
  readonly label: string;
  /** True when the rootDSE announces a server of this flavor. */
  recognizes(rootDse: RootDse): boolean;
  /** The naming context that holds the hosting tree when the profile names none. */
  defaultSuffix(rootDse: RootDse): string;
  /** The flavor's mapping of the hosting model, for the tree below `suffix`. */
  dialect(suffix: string): HostingDialect;
  /** The directory below `suffix` as Dovecot and Postfix read it (main/mail/). */
  mailDirectory(suffix: string): MailDirectory;
  /** The access policy as the console would apply it to this directory, for review. */
  accessRules(context: HostingContext): Promise<AccessRulesReport>;
  /** Reads the directory and reports what breaks the access policy, per tenant. */
  scanConformance(context: HostingContext, options: ConformanceScanOptions): Promise<ConformanceReport>;
  /** Probes isolation as temporary principals of every role. */
  verifyIsolation(options: VerifierOptions): Promise<IsolationReport>;
  /** The server's change log, when it has one readable over LDAP. */
  serverLog(context: HostingContext): ServerLog;
  /** What a tenant's exit package and teardown need to know of this flavor's server. */
  readonly lifecycle: FlavorLifecycle;
  /** Mailboxes the host still has to finish after tenant admins created them (AD: Domain Users); none elsewhere. */
  pendingPrimaryGroups(context: HostingContext): Promise<PendingPrimaryGroups>;
  finishPrimaryGroups(context: HostingContext): Promise<PrimaryGroupFinishReport>;
  /** The sandbox's folder inside the app's data folder. */
  readonly sandboxFolder: string;
  /** How the sandbox in `dataDir` is reached once started, read without starting it; null before its first start. */
  describeSandbox(dataDir: string): Promise<Omit<ConnectionProfile, 'id' | 'name'> | null>;
  /** Starts (creating on first use) this flavor's private sandbox directory. */
  startSandbox(options: SandboxStartOptions): Promise<RunningFlavorSandbox>;
}
