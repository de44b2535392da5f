/**
 * Tenants' own password policies: read (everyone of the tenant, to show the rules while a password is typed),
 * changed by host admins (that one entry only), checked before a password is sent, and given to tenants made
 * before per-tenant policies existed (the conformance scan's explicit fix). Where a flavor keeps them is its
 * TenantPasswordPolicyStore (password-policy-store.ts).
 */
import { failure } from '../../shared/errors';
import {
  checkPassword,
  passwordMeetsPolicy,
  passwordPolicySchema,
  type PasswordPolicy,
  type PasswordPolicyAdoption,
  type TenantPasswordPolicy,
} from '../../shared/model/password-policy';
import type { HostingContext } from './hosting-context';
import type { StoredPolicy, TenantPasswordPolicyStore } from './password-policy-store';
import { readTenants } from './read-tenants';
import type { TenantService } from './tenant-service';

export class PasswordPolicyService {
  constructor(
    private readonly context: HostingContext,
    private readonly tenants: TenantService,
  ) {}

  private get store(): TenantPasswordPolicyStore | null {
    return this.context.dialect.passwordPolicy ?? null;
  }

  /** The tenant's policy: its own, or (for a tenant without one yet) the directory's default, marked as such. */
  async get(tenant: string): Promise<TenantPasswordPolicy> {
    const { name } = await this.tenants.require(tenant);
    const store = this.requireStore();
    const own = await store.read(this.context.connection, name);
    if (own) return { tenant: name, policy: own.policy, source: 'tenant', supports: store.support };
    return { tenant: name, policy: await store.readDefault(this.context.connection), source: 'default', supports: store.support };
  }

  /** Changes the tenant's own policy; only that policy's entry is written. */
  async update(tenant: string, changes: Partial<PasswordPolicy>): Promise<TenantPasswordPolicy> {
    const store = this.requireStore();
    const own = await this.requireOwn(tenant);
    const parsed = passwordPolicySchema.safeParse({ ...own.policy, ...changes });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: ['changes', ...issue.path.map(String)], message: issue.message }));
      throw failure({ kind: 'invalid-input', message: issues.map((issue) => `${issue.path.slice(1).join('.')}: ${issue.message}`).join('; '), issues });
    }
    const next = parsed.data;
    if (!store.support.complexity && next.requireComplexity) {
      throw failure({ kind: 'invalid-input', message: 'This directory cannot require character classes: its password policy checks length and history only.', issues: [{ path: ['changes', 'requireComplexity'], message: 'not enforceable here' }] });
    }
    await store.write(this.context.connection, own, next);
    return this.get(tenant);
  }

  /** The tenant's own policy, or a failure that names the fix (a tenant made before per-tenant policies). */
  async requireOwn(tenant: string): Promise<StoredPolicy> {
    const own = await this.requireStore().read(this.context.connection, tenant);
    if (own) return own;
    throw failure({
      kind: 'invalid-input',
      message: `Tenant "${tenant}" has no password policy of its own yet (it was created before per-tenant policies). A host admin gives it one first: "Give the tenant its own password policy" in its settings, or \`enclave tenant adopt-password-policy --tenant NAME\`.`,
      issues: [{ path: ['tenant'], message: 'no password policy of its own' }],
    });
  }

  /**
   * Refuses, before anything is sent, a password the tenant's policy would refuse (the server checks again and
   * has the last word: history is only known to it). Also refuses writing to a tenant without its own policy.
   */
  async assertPasswordFits(tenant: string, password: string): Promise<void> {
    const store = this.store;
    if (store === null) return;
    const own = await this.requireOwn(tenant);
    const checks = checkPassword(own.policy, store.support, password);
    if (passwordMeetsPolicy(checks)) return;
    const broken = checks.filter((rule) => rule.met === false);
    throw failure({
      kind: 'invalid-input',
      message: `The password does not meet the password policy of "${tenant}": ${broken.map((rule) => rule.text.toLowerCase()).join('; ')}.`,
      issues: [{ path: ['password'], message: broken.map((rule) => rule.text).join('; ') }],
    });
  }

  /**
   * The explicit fix for directories made before per-tenant policies: every tenant (or `only`) without its own
   * policy gets a copy of the directory's default, and every mailbox not following its tenant's policy is pointed
   * at it. Safe to run again: what is already right is left alone.
   */
  async adopt(only?: string): Promise<PasswordPolicyAdoption> {
    const started = Date.now();
    const store = this.requireStore();
    const { connection, dialect } = this.context;
    const names = only !== undefined ? [(await this.tenants.require(only)).name] : (await readTenants(this.context)).map((tenant) => tenant.name);
    const result: PasswordPolicyAdoption = { tenantsGivenPolicy: [], mailboxesFixed: 0, failed: [], elapsedMs: 0 };
    let fallback: PasswordPolicy | null = null;
    for (const tenant of names) {
      if ((await store.read(connection, tenant)) === null) {
        fallback ??= await store.readDefault(connection);
        await store.create(connection, tenant, { ...fallback, requireComplexity: fallback.requireComplexity && store.support.complexity });
        result.tenantsGivenPolicy.push(tenant);
      }
      const facts = await store.tenantFacts(connection, tenant);
      const strays: string[] = [];
      for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), { filter: dialect.mailboxFilter(), attributes: [...store.mailboxAttributes], pageSize: 1000 })) {
        for (const entry of page) if (store.strayReason(entry, facts) !== null) strays.push(entry.dn);
      }
      for (const dn of strays) {
        try {
          if (await store.fixMailbox(connection, tenant, dn)) result.mailboxesFixed += 1;
        } catch (error) {
          result.failed.push({ tenant, dn, message: (error as { message?: string }).message ?? String(error) });
        }
      }
    }
    return { ...result, elapsedMs: Date.now() - started };
  }

  private requireStore(): TenantPasswordPolicyStore {
    const store = this.store;
    if (store === null) throw failure({ kind: 'internal', message: 'This directory flavor keeps no per-tenant password policies.' });
    return store;
  }
}
