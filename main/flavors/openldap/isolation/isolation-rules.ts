/** The whole generated rule set of a directory: access rules plus constraint values, and its review text. */
import type { AccessRulesReport } from '../../../../shared/model/isolation';
import { generateAccessRules } from './access-rules';
import { generateConstraintRules } from './constraint-rules';
import type { TenantRuleInput } from './tenant-rule-input';

/** Everything the console writes to cn=config for tenant isolation. */
export interface IsolationRuleSet {
  accessRules: string[];
  constraintRules: string[];
}

/** Generates both rule lists for `suffix` and its tenants (pure). */
export function generateIsolationRules(suffix: string, tenants: readonly TenantRuleInput[]): IsolationRuleSet {
  return { accessRules: generateAccessRules(suffix, tenants), constraintRules: generateConstraintRules(suffix, tenants) };
}

/** The rules as the read-only review shows them: numbered as cn=config numbers them. */
export function rulesReport(suffix: string, tenants: readonly TenantRuleInput[], rules: IsolationRuleSet): AccessRulesReport {
  return {
    suffix,
    tenantCount: tenants.length,
    accessRules: rules.accessRules.map((text, index) => ({ index, text })),
    constraintRules: rules.constraintRules.map((text, index) => ({ index, text })),
  };
}
