/**
 * The host's half of a tenant admin's create on AD (ad-primary-group.ts): finds the tenant mailboxes still in
 * Domain Users with one search, and finishes their primary-group sequence as an identity that may write Domain
 * Users. Behind the finishPrimaryGroups call, `enclave finish-primary-groups` and the isolation verifier's finding.
 */
import { AndFilter, EqualityFilter, OrFilter, type Entry } from 'ldapts';
import { failure } from '../../../shared/errors';
import { systemGroupNames, type DomainUsersMember, type PendingPrimaryGroups, type PrimaryGroupFinishReport } from '../../../shared/model/hosting';
import { wellKnownRids } from './directory/security-descriptor';
import { addValues } from '../../directory/changes';
import { sameDn } from '../../directory/dn';
import { first, values } from '../../directory/entry';
import { toEnclaveError } from '../../directory/ldap-errors';
import type { HostingContext } from '../../hosting/hosting-context';
import { domainFactsReader, type DomainFacts } from './ad-domain';
import { leaveDomainUsers, mayWriteDomainUsers, setPrimaryGroup } from './ad-primary-group';
import { adAttributes as A } from './ad-schema';

/** A pending mailbox as found: where it is and which groups name it. */
export interface DomainUsersEntry extends DomainUsersMember {
  dn: string;
  memberOf: string[];
}

/**
 * Tenant mailboxes whose primary group is Domain Users (a tenant admin's create) or that Domain Users' member
 * names (an interrupted sequence, another tool): one paged search below the tenants container.
 */
export async function findTenantUsersInDomainUsers(context: HostingContext, domain: DomainFacts): Promise<DomainUsersEntry[]> {
  const { connection, dialect } = context;
  const filter = new AndFilter({
    filters: [
      dialect.mailboxFilter(),
      new OrFilter({
        filters: [
          new EqualityFilter({ attribute: A.primaryGroupId, value: String(wellKnownRids.domainUsers) }),
          new EqualityFilter({ attribute: A.memberOf, value: domain.domainUsersDn }),
        ],
      }),
    ],
  });
  const found: DomainUsersEntry[] = [];
  for await (const page of connection.searchPages(dialect.layout.tenantsDn, { filter, attributes: [A.login, A.primaryGroupId, A.memberOf] })) {
    for (const entry of page) {
      const member = pendingEntry(context, entry);
      if (member) found.push(member);
    }
  }
  return found.sort((a, b) => a.tenant.localeCompare(b.tenant) || a.login.localeCompare(b.login));
}

/** The pending mailboxes for the host admin's banner (none on OpenLDAP, which has no Domain Users). */
export async function pendingPrimaryGroups(context: HostingContext): Promise<PendingPrimaryGroups> {
  const { flavor } = context.dialect;
  if (flavor !== 'active-directory') return { flavor, mailboxes: [] };
  const pending = await findTenantUsersInDomainUsers(context, await domainFactsOf(context));
  return { flavor, mailboxes: pending.map(publicMember) };
}

/**
 * Finishes every pending mailbox: all-users becomes its primary group (it is joined first if someone removed it)
 * and it leaves Domain Users. Refused before sending for an identity that may not write Domain Users; one
 * mailbox's failure is reported and the others go on. Writes go through the caller's (journaled) connection.
 */
export async function finishPrimaryGroups(context: HostingContext): Promise<PrimaryGroupFinishReport> {
  const started = Date.now();
  const report: PrimaryGroupFinishReport = { finished: [], failed: [], elapsedMs: 0 };
  if (context.dialect.flavor !== 'active-directory') return report;
  const { connection, dialect } = context;
  const domain = await domainFactsOf(context);
  if (!(await mayWriteDomainUsers(connection, domain))) {
    throw failure({
      kind: 'insufficient-access',
      ldapCode: 50,
      serverMessage: '',
      message: 'Refused before sending: only an account that may change the members of Domain Users (a host admin) can take mailboxes out of it.',
    });
  }
  // One at a time: the DC serializes writes anyway, and each mailbox's steps depend on each other.
  for (const entry of await findTenantUsersInDomainUsers(context, domain)) {
    try {
      if (entry.primaryIsDomainUsers) {
        const allUsers = dialect.groupDn(entry.tenant, 'security', systemGroupNames.allUsers);
        if (!entry.memberOf.some((dn) => sameDn(dn, allUsers))) await connection.modify(allUsers, [addValues(dialect.memberAttribute, entry.dn)]);
        await setPrimaryGroup(connection, entry.dn, allUsers);
      }
      await leaveDomainUsers(connection, domain, entry.dn);
      report.finished.push(publicMember(entry));
    } catch (error) {
      report.failed.push({ ...publicMember(entry), message: toEnclaveError(error).message });
    }
  }
  report.elapsedMs = Date.now() - started;
  return report;
}

function pendingEntry(context: HostingContext, entry: Entry): DomainUsersEntry | null {
  const tenant = context.dialect.layout.tenantOf(entry.dn);
  if (tenant === null) return null;
  return {
    tenant,
    login: first(entry, A.login).toLowerCase(),
    primaryIsDomainUsers: first(entry, A.primaryGroupId) === String(wellKnownRids.domainUsers),
    dn: entry.dn,
    memberOf: values(entry, A.memberOf),
  };
}

const publicMember = ({ tenant, login, primaryIsDomainUsers }: DomainUsersMember): DomainUsersMember => ({ tenant, login, primaryIsDomainUsers });

const domainFactsOf = (context: HostingContext): Promise<DomainFacts> => domainFactsReader(context.dialect.layout.suffix)(context.connection);
