/**
 * Where a flavor keeps a tenant's own password policy, behind one interface: OpenLDAP a ppolicy entry inside the
 * tenant (flavors/openldap/openldap-password-policy.ts), Active Directory a PSO applied to the tenant's all-users
 * group (flavors/active-directory/ad-password-settings.ts). The services never name a policy attribute.
 */
import type { PasswordPolicy, PasswordPolicySupport } from '../../shared/model/password-policy';
import type { Entry } from 'ldapts';
import type { DirectoryConnection } from '../directory/directory-connection';

/** A tenant's own policy as stored, and the entry holding it. */
export interface StoredPolicy {
  policy: PasswordPolicy;
  dn: string;
}

export interface TenantPasswordPolicyStore {
  readonly support: PasswordPolicySupport;
  /** The policy a tenant without its own follows (OpenLDAP cn=default, AD the domain's policy). */
  readDefault(connection: DirectoryConnection): Promise<PasswordPolicy>;
  /** The tenant's own policy, or null when it has none (a tenant made before per-tenant policies). */
  read(connection: DirectoryConnection, tenant: string): Promise<StoredPolicy | null>;
  /** Gives the tenant its own policy (nothing else is written); returns the entry's DN. */
  create(connection: DirectoryConnection, tenant: string, policy: PasswordPolicy): Promise<string>;
  /** Replaces the settings of the tenant's own policy entry (that entry only). */
  write(connection: DirectoryConnection, stored: StoredPolicy, policy: PasswordPolicy): Promise<void>;
  /** Entries holding the tenant's policy outside its subtree (AD: the PSO), which a teardown removes itself. */
  entriesOutsideTenant(connection: DirectoryConnection, tenant: string): Promise<string[]>;
  /** Attributes of the tenant's mailboxes that hold the policy they follow (OpenLDAP: pwdPolicySubentry). */
  readonly mailboxAttributes: readonly string[];
  /** Whether a mailbox entry (read with mailboxAttributes, and memberOf/primaryGroupID on AD) follows its tenant's policy. */
  strayReason(mailbox: Entry, facts: TenantPolicyFacts): string | null;
  /** Points a stray mailbox at its tenant's policy; false when this flavor cannot (AD: membership, the admins' job). */
  fixMailbox(connection: DirectoryConnection, tenant: string, dn: string): Promise<boolean>;
  /** The DN of the tenant's policy entry when it lives inside the tenant (OpenLDAP), so scans know the entry; else null. */
  entryInsideTenant(tenant: string): string | null;
  /** What strayReason needs to know of the tenant, read once per tenant. */
  tenantFacts(connection: DirectoryConnection, tenant: string): Promise<TenantPolicyFacts>;
}

/** Facts about a tenant that tell whether its mailboxes follow its policy (flavor-specific values). */
export type TenantPolicyFacts = Record<string, string>;
