/**
 * Everything one verifier run stands on: per tenant its principals (a tenant admin and a tenant user) and its
 * victims (a locked mailbox with every optional value, a disabled mailbox, a group and a list); on the host a
 * helpdesk member, a mail service, a staff member, a service account, a password policy and a checkpoint to attack.
 */
import { checkpointDn, checkpointEntry } from '../../../audit/checkpoint-store';
import type { ConnectionSettings } from '../../../directory/connection-settings';
import { DirectoryConnection } from '../../../directory/directory-connection';
import { replace } from '../../../directory/changes';
import { createHostingServices } from '../../../hosting/hosting-services';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { Tenant } from '../../../../shared/model/hosting';
import type { PolicyRole } from '../../../policy/access-policy';
import type { OpenLdapLayout } from '../openldap-layout';
import { certificateChange, publishedCertificate } from './probe-certificates';
import {
  below, createAs, joinAs, newPassword, passwordPolicyEntry, plainMailboxEntry, serviceAccountEntry, staffEntry, victimMailboxEntry,
  type ProbeAccount, type ProbeLedger, type ProbeNames,
} from './probe-accounts';

/** A lock as failed logins leave it (a time), as opposed to the administrative one of a disabled mailbox. */
export const failureLockTime = '20260101000000Z';

/** The entries of one tenant the matrix uses. */
export interface TenantWorld {
  tenant: Tenant;
  /** True for the verifier's own tenants (created for the run); false for a sampled real tenant. */
  probe: boolean;
  domain: string;
  /** A quota the tenant's pool allows. */
  quotaBytes: number;
  admin: ProbeAccount;
  user: ProbeAccount;
  /** Locked (by failed logins) so that the lock is there to read. */
  mailbox: ProbeAccount;
  disabled: string;
  group: string;
  list: string;
  containers: { mailboxes: string; groups: string; lists: string };
  /** A checkpoint its tenant admin added (set once the admin is bound: `addOwnCheckpoint`). */
  checkpoint: string;
}

/** The host's entries the matrix uses. */
export interface HostWorld {
  helpdesk: ProbeAccount;
  mailService: ProbeAccount;
  staff: ProbeAccount;
  service: ProbeAccount;
  policy: string;
  /** A checkpoint the host admin added. */
  checkpoint: string;
}

/** What the matrix needs to build and attack entries. */
export interface ProbeContext {
  admin: DirectoryConnection;
  adminSettings: ConnectionSettings;
  dialect: HostingDialect;
  layout: OpenLdapLayout;
  names: ProbeNames;
  ledger: ProbeLedger;
}

const MiB = 1024 * 1024;
const memberAttribute = 'member';

/** Creates one of the verifier's own tenants with the console's tenant service, as the host admin. */
export async function createProbeTenant(context: ProbeContext, label: string): Promise<Tenant> {
  const name = `${context.names.tag}-${label}`;
  const domains = [`${name}.verifier.invalid`, `${name}-second.verifier.invalid`];
  const services = createHostingServices(context.admin, context.dialect);
  const tenant = await services.tenants.create({
    name,
    settings: { displayName: `Isolation probe ${label}`, mailDomains: domains, storagePoolBytes: 10 * 1024 * MiB, mailboxLimit: 1000, defaultQuotaBytes: MiB, allowOvercommit: false, services: { imap: true, pop3: false, externalForwarding: true, maxMessageBytes: 10 * MiB } },
  });
  context.ledger.created(tenant.dn);
  context.ledger.created(context.layout.tenantPolicyDn(name));
  for (const container of Object.values(containersOf(context.layout, name))) context.ledger.created(container);
  for (const group of ['tenant-admins', 'all-users']) context.ledger.created(context.dialect.groupDn(name, 'security', group));
  return tenant;
}

const containersOf = (layout: OpenLdapLayout, tenant: string) => ({ mailboxes: layout.mailboxesDn(tenant), groups: layout.groupsDn(tenant, 'security'), lists: layout.groupsDn(tenant, 'distribution') });

/** Principals and victims in `tenant` (its first domain; it must have one). */
export async function furnishTenant(context: ProbeContext, tenant: Tenant, probe: boolean): Promise<TenantWorld> {
  const { admin, dialect, layout, names, ledger } = context;
  const domain = tenant.mailDomains[0];
  if (domain === undefined) throw new Error(`Tenant ${tenant.name} has no mail domain: the verifier cannot give its probes addresses.`);
  const quotaBytes = Math.min(MiB, tenant.storagePoolBytes ?? MiB);
  const containers = containersOf(layout, tenant.name);
  const mailbox = async (entry: (login: string, password: string) => Record<string, string | string[]>, what: string): Promise<ProbeAccount> => {
    const login = names.fresh(what);
    const password = newPassword();
    const dn = await createAs(admin, ledger, below(containers.mailboxes, 'uid', login), entry(login, password));
    return { dn, login, password };
  };
  const plain = (login: string, password: string) => plainMailboxEntry(dialect, tenant.name, login, domain, password, quotaBytes);
  const world: TenantWorld = {
    tenant,
    probe,
    domain,
    quotaBytes,
    containers,
    admin: await mailbox(plain, 'a'),
    user: await mailbox(plain, 'u'),
    mailbox: await mailbox((login, password) => victimMailboxEntry(dialect, tenant.name, login, domain, password, quotaBytes), 'v'),
    disabled: (await mailbox((login, password) => ({ ...plain(login, password), enclaveAccountState: 'disabled', pwdAccountLockedTime: '000001010000Z' }), 'd')).dn,
    group: '',
    list: '',
    checkpoint: '',
  };
  await joinAs(admin, ledger, memberAttribute, dialect.groupDn(tenant.name, 'security', 'tenant-admins'), world.admin.dn);
  // Like every mailbox the console creates, the principals and the victim are in all-users.
  for (const account of [world.admin, world.user, world.mailbox]) await joinAs(admin, ledger, memberAttribute, dialect.groupDn(tenant.name, 'security', 'all-users'), account.dn);
  await admin.modify(world.mailbox.dn, [replace('pwdAccountLockedTime', failureLockTime)]);
  // The user's own entry carries every value its "self" reads are about; both publish a certificate.
  await admin.modify(world.user.dn, [replace('enclaveHiddenFromAddressBook', 'FALSE'), replace('description', 'Isolation probe')]);
  for (const dn of [world.mailbox.dn, world.user.dn]) {
    await admin.modify(dn, [
      certificateChange('add', 'userCertificate', [publishedCertificate]),
      certificateChange('add', 'userSMIMECertificate', [publishedCertificate]),
      // Mail service overrides: every value the services set is about, present.
      replace('enclaveDeniedService', 'pop3'),
      replace('enclaveAllowedService', 'imap'),
      replace('enclaveMaxMessageBytes', String(5 * MiB)),
    ]);
  }
  const group = (kind: 'security' | 'distribution', what: string) => {
    const name = names.fresh(what);
    return createAs(admin, ledger, dialect.groupDn(tenant.name, kind, name), {
      ...dialect.groupEntry(kind, name, 'Isolation probe', `${name}@${domain}`, [world.mailbox.dn]),
      displayName: `Probe ${name}`,
      enclaveHiddenFromAddressBook: 'FALSE',
    });
  };
  world.group = await group('security', 'g');
  world.list = await group('distribution', 'l');
  return world;
}

/** The host's principals and victims. */
export async function furnishHost(context: ProbeContext): Promise<HostWorld> {
  const { admin, layout, names, ledger } = context;
  const account = async (parent: string, entry: (login: string, password: string) => Record<string, string | string[]>, what: string): Promise<ProbeAccount> => {
    const login = names.fresh(what);
    const password = newPassword();
    return { dn: await createAs(admin, ledger, below(parent, 'uid', login), entry(login, password)), login, password };
  };
  const staff = (login: string, password: string) => staffEntry(layout, login, password);
  const policyName = names.fresh('pp');
  const world: HostWorld = {
    helpdesk: await account(layout.hostPeopleDn, staff, 'hd'),
    mailService: await account(layout.servicesDn, serviceAccountEntry, 'ms'),
    staff: await account(layout.hostPeopleDn, staff, 'st'),
    service: await account(layout.servicesDn, serviceAccountEntry, 'sa'),
    policy: await createAs(admin, ledger, below(layout.policiesDn, 'cn', policyName), passwordPolicyEntry(policyName)),
    checkpoint: '',
  };
  await joinAs(admin, ledger, memberAttribute, layout.helpdeskGroupDn, world.helpdesk.dn);
  await joinAs(admin, ledger, memberAttribute, layout.mailServicesGroupDn, world.mailService.dn);
  world.checkpoint = await addCheckpoint(admin, layout, `verifier-${names.tag}-host-admin`);
  return world;
}

/** Adds a checkpoint (they cannot be removed: the run leaves them, named after it). */
export async function addCheckpoint(connection: DirectoryConnection, layout: OpenLdapLayout, consoleId: string): Promise<string> {
  const dn = checkpointDn(layout.auditDn, consoleId, 1);
  await connection.add(dn, checkpointEntry({ consoleId, seq: 1, hash: '0'.repeat(64), time: new Date().toISOString(), workstation: 'isolation verifier' }));
  return dn;
}

/** Bound connections of every role, for one tenant's principals (host roles shared). */
export type Principals = Record<PolicyRole, DirectoryConnection>;

/** Opens the connections the matrix runs as; the caller disposes the tenant ones. */
export function bindAs(settings: ConnectionSettings, account: ProbeAccount | null): DirectoryConnection {
  return new DirectoryConnection({ ...settings, bindDN: account?.dn ?? '', password: account?.password ?? '' });
}
