/** Reads the tenants from the directory and writes the generated rules to cn=config. */
import type { DirectoryConnection } from '../../../directory/directory-connection';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { AuditJournal } from '../../../audit/audit-journal';
import { journaledWrite } from '../../../audit/journaled-write';
import { ConfigConnection, type ConfigAccess } from '../config/config-connection';
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

/** Who changes the rules, for the console's audit journal (rule changes are changes like any other). */
export interface RuleAudit {
  journal: AuditJournal;
  actor: string;
}

/** Writes `rules` to the database serving `suffix`: one replace per setting, so slapd checks each list whole. */
export async function applyIsolationRules(access: ConfigAccess, suffix: string, rules: IsolationRuleSet, audit?: RuleAudit): Promise<void> {
  const config = await ConfigConnection.open(access);
  try {
    const where = await config.locate(suffix);
    const replace = async (dn: string, attribute: string, next: string[], write: () => Promise<void>) => {
      const before = await config.readOrdered(dn, attribute);
      if (sameList(before, next)) return;
      if (!audit) return write();
      const changes = [{ attribute, op: 'replace' as const, before, after: next }];
      await journaledWrite(audit.journal, { actor: audit.actor, kind: 'modify', target: dn, changes, operation: 'apply isolation rules' }, write);
    };
    // Constraints first: a tenant's domain rule is in force before any rule that lets its admins write.
    const constraintDn = where.constraintDn;
    if (constraintDn !== null) {
      await replace(constraintDn, 'olcConstraintAttribute', rules.constraintRules, () => config.replaceValues(constraintDn, 'olcConstraintAttribute', rules.constraintRules));
    }
    // Without it slapd checks only `entry` and `children` on add, so a tenant admin could create a mailbox
    // above the pool or a group with another tenant's members: the value rules must see adds too.
    await replace(where.databaseDn, 'olcAddContentAcl', ['TRUE'], () => config.replaceValues(where.databaseDn, 'olcAddContentAcl', ['TRUE']));
    await replace(where.databaseDn, 'olcAccess', rules.accessRules, () => config.replaceOrdered(where.databaseDn, 'olcAccess', rules.accessRules));
  } finally {
    await config.close();
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

/** Regenerates the rules from the directory's current tenants and applies them; returns what was applied. */
export async function reapplyIsolation(access: ConfigAccess, connection: DirectoryConnection, dialect: HostingDialect, audit?: RuleAudit): Promise<IsolationRuleSet> {
  const tenants = await readTenantRuleInputs(connection, dialect);
  const rules = generateIsolationRules(dialect.layout.suffix, tenants);
  await applyIsolationRules(access, dialect.layout.suffix, rules, audit);
  return rules;
}
