/** Reads the tenants from the directory and writes the generated rules to cn=config. */
import type { DirectoryConnection } from '../directory/directory-connection';
import type { HostingDialect } from '../hosting/hosting-dialect';
import { ConfigConnection, type ConfigAccess } from './config-connection';
import { generateIsolationRules, type IsolationRuleSet } from './isolation-rules';
import type { TenantRuleInput } from './tenant-rule-input';

/** Every tenant as rule input, read page by page by a host admin (who sees all tenants). */
export async function readTenantRuleInputs(connection: DirectoryConnection, dialect: HostingDialect): Promise<TenantRuleInput[]> {
  const tenants: TenantRuleInput[] = [];
  for await (const page of connection.searchPages(dialect.layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: dialect.tenantAttributes() })) {
    for (const entry of page) {
      const tenant = dialect.tenantFromEntry(entry);
      tenants.push({ name: tenant.name, dn: tenant.dn, mailDomains: tenant.mailDomains, storagePoolBytes: tenant.storagePoolBytes });
    }
  }
  return tenants;
}

/** Writes `rules` to the database serving `suffix`: one replace per setting, so slapd checks each list whole. */
export async function applyIsolationRules(access: ConfigAccess, suffix: string, rules: IsolationRuleSet): Promise<void> {
  const config = await ConfigConnection.open(access);
  try {
    const where = await config.locate(suffix);
    // Constraints first: a tenant's domain rule is in force before any rule that lets its admins write.
    if (where.constraintDn !== null) await config.replaceValues(where.constraintDn, 'olcConstraintAttribute', rules.constraintRules);
    await config.replaceOrdered(where.databaseDn, 'olcAccess', rules.accessRules);
  } finally {
    await config.close();
  }
}

/** Regenerates the rules from the directory's current tenants and applies them; returns what was applied. */
export async function reapplyIsolation(access: ConfigAccess, connection: DirectoryConnection, dialect: HostingDialect): Promise<IsolationRuleSet> {
  const tenants = await readTenantRuleInputs(connection, dialect);
  const rules = generateIsolationRules(dialect.layout.suffix, tenants);
  await applyIsolationRules(access, dialect.layout.suffix, rules);
  return rules;
}
