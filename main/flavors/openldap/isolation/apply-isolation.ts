/**
 * Writes the generated policy configuration to cn=config. Each setting is compared first and replaced only when it
 * differs, so applying it again (every sandbox start) changes nothing; no tenant is ever read: the configuration is
 * the same for any tenants, and a tenant create, delete or domain change never touches cn=config.
 */
import type { AuditJournal } from '../../../audit/audit-journal';
import { journaledWrite } from '../../../audit/journaled-write';
import { ConfigConnection, type ConfigAccess } from '../config/config-connection';
import { generateIsolationRules, type IsolationRuleSet } from './isolation-rules';

/** Who changes the rules, for the console's audit journal (rule changes are changes like any other). */
export interface RuleAudit {
  journal: AuditJournal;
  actor: string;
}

/** Writes `rules` to the database serving `suffix`; returns the settings it changed. */
export async function applyIsolationRules(access: ConfigAccess, suffix: string, rules: IsolationRuleSet, audit?: RuleAudit): Promise<string[]> {
  const config = await ConfigConnection.open(access);
  const changed: string[] = [];
  try {
    const where = await config.locate(suffix);
    const apply = async (dn: string, attribute: string, next: string[], ordered: boolean) => {
      const before = await config.readOrdered(dn, attribute);
      if (before.length === next.length && before.every((value, index) => value === next[index])) return;
      changed.push(attribute);
      const write = () => (ordered ? config.replaceOrdered(dn, attribute, next) : config.replaceValues(dn, attribute, next));
      if (!audit) return write();
      const changes = [{ attribute, op: 'replace' as const, before, after: next }];
      await journaledWrite(audit.journal, { actor: audit.actor, kind: 'modify', target: dn, changes, operation: 'apply access policy' }, write);
    };
    // Constraints and uniqueness first: they hold before any rule that lets someone write.
    if (where.constraintDn !== null) await apply(where.constraintDn, 'olcConstraintAttribute', rules.constraintRules, false);
    if (where.uniqueDn !== null) await apply(where.uniqueDn, 'olcUniqueURI', rules.uniqueUris, false);
    for (const [attribute, values] of Object.entries(rules.databaseSettings)) await apply(where.databaseDn, attribute, values, false);
    // refint scans the whole database on every delete (docs/isolation.md); memberof removes deleted members itself.
    if (where.refintDn !== null) await apply(where.refintDn, 'olcDisabled', ['TRUE'], false);
    await apply(where.databaseDn, 'olcLimits', rules.limits, true);
    await apply(where.databaseDn, 'olcAccess', rules.accessRules, true);
  } finally {
    await config.close();
  }
  return changed;
}

/** Generates the policy configuration for `suffix` and applies it. */
export async function applyAccessPolicy(access: ConfigAccess, suffix: string, audit?: RuleAudit): Promise<IsolationRuleSet> {
  const rules = generateIsolationRules(suffix);
  await applyIsolationRules(access, suffix, rules, audit);
  return rules;
}
