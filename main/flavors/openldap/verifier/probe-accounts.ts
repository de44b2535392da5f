/**
 * The verifier's own entries: bindable principals (one per role), the victims they attack, and disposable
 * entries for creates, deletes and renames. The host admin creates them with the console's own entry builders;
 * every name carries a per-run tag so two runs, or leftovers of a crashed run, never collide. What the run made
 * is removed at the end (checkpoints excepted: nobody can delete one, by design).
 */
import { randomBytes } from 'node:crypto';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { addValues, removeValues } from '../../../directory/changes';
import { childDn, normalizeDn } from '../../../directory/dn';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { OpenLdapLayout } from '../openldap-layout';

/** One bindable account. */
export interface ProbeAccount {
  dn: string;
  login: string;
  password: string;
}

/** A tag unique to this run, used in every name the run writes. */
export const newRunTag = (): string => `zp${randomBytes(4).toString('hex')}`;

/** A password both password policies accept (staff need 16 characters). */
export const newPassword = (): string => `${randomBytes(18).toString('base64url')}aA1!`;

/** Hands out unique names within a run. */
export class ProbeNames {
  private next = 0;
  constructor(readonly tag: string) {}
  /** `tag` + a letter saying what it is + a counter: short, unique, valid as login, cn and DNS label. */
  fresh(what: string): string {
    this.next += 1;
    return `${this.tag}${what}${this.next}`;
  }
}

/** What the run created, removed in reverse order at the end (member values first: refint may be off). */
export class ProbeLedger {
  private readonly entries: string[] = [];
  private readonly memberships: { group: string; member: string }[] = [];

  constructor(
    private readonly admin: DirectoryConnection,
    private readonly memberAttribute: string,
  ) {}

  created(dn: string): void {
    this.entries.push(dn);
  }

  joined(group: string, member: string): void {
    this.memberships.push({ group, member });
  }

  /** Removes member values, then entries deepest first; never throws (what is gone is gone). */
  async removeAll(): Promise<void> {
    for (const { group, member } of this.memberships.reverse()) {
      await this.admin.modify(group, [removeValues(this.memberAttribute, member)]).catch(() => {});
    }
    const byDepth = [...new Set(this.entries)].sort((a, b) => depth(b) - depth(a));
    for (const dn of byDepth) await this.admin.delete(dn).catch(() => {});
  }
}

const depth = (dn: string): number => normalizeDn(dn).split(',').length;

/** A mailbox as the console writes it, with every optional value the matrix reads filled in. */
export function victimMailboxEntry(dialect: HostingDialect, tenant: string, login: string, domain: string, password: string, quotaBytes: number): Record<string, string | string[]> {
  const primary = `${login}@${domain}`;
  return {
    ...dialect.mailboxEntry({
      tenant,
      login,
      givenName: 'Probe',
      surname: 'Victim',
      displayName: `Probe ${login}`,
      primaryAddress: primary,
      aliases: [`${login}.alias@${domain}`],
      quotaBytes,
      hiddenFromAddressBook: false,
      password,
      enabled: true,
      groups: [],
    }),
    description: 'Isolation probe',
    enclaveHiddenFromAddressBook: 'FALSE',
  };
}

/** A plain console mailbox (principals, disposables). */
export function plainMailboxEntry(dialect: HostingDialect, tenant: string, login: string, domain: string, password: string, quotaBytes: number): Record<string, string | string[]> {
  return dialect.mailboxEntry({
    tenant,
    login,
    givenName: '',
    surname: 'Probe',
    displayName: '',
    primaryAddress: `${login}@${domain}`,
    aliases: [],
    quotaBytes,
    hiddenFromAddressBook: false,
    password,
    enabled: true,
    groups: [],
  });
}

/** A host staff entry as host admins make them (staff password policy). */
export function staffEntry(layout: OpenLdapLayout, login: string, password: string): Record<string, string | string[]> {
  return { objectClass: ['inetOrgPerson'], uid: login, cn: `Isolation probe ${login}`, sn: 'Isolation probe', userPassword: password, pwdPolicySubentry: layout.staffPolicyDn };
}

/** A mail host's read-only account (docs/mail-servers.md). */
export function serviceAccountEntry(login: string, password: string): Record<string, string | string[]> {
  return { objectClass: ['account', 'simpleSecurityObject'], uid: login, userPassword: password, description: 'Isolation probe' };
}

/** A password policy entry. */
export function passwordPolicyEntry(name: string): Record<string, string | string[]> {
  return { objectClass: ['device', 'pwdPolicy'], cn: name, pwdAttribute: 'userPassword', pwdMinLength: '12', pwdCheckQuality: '2', pwdMaxFailure: '0', pwdLockout: 'FALSE' };
}

/** A host group. */
export function hostGroupEntry(name: string): Record<string, string | string[]> {
  return { objectClass: ['enclaveGroup'], cn: name, enclaveGroupKind: 'security', description: 'Isolation probe' };
}

/** Adds `entry` at `dn` as the host admin and records it. */
export async function createAs(admin: DirectoryConnection, ledger: ProbeLedger, dn: string, entry: Record<string, string | string[]>): Promise<string> {
  await admin.add(dn, entry);
  ledger.created(dn);
  return dn;
}

/** Makes `member` a member of `group` as the host admin and records it. */
export async function joinAs(admin: DirectoryConnection, ledger: ProbeLedger, memberAttribute: string, group: string, member: string): Promise<void> {
  await admin.modify(group, [addValues(memberAttribute, member)]);
  ledger.joined(group, member);
}

/** The DN of a new entry named `value` by `attribute` below `parent`. */
export const below = (parent: string, attribute: string, value: string): string => childDn(parent, attribute, value);
