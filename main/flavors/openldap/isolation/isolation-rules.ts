/** The whole generated policy configuration of a directory: one value per suffix, whatever its tenants. */
import type { AccessRulesReport } from '../../../../shared/model/isolation';
import { generateAccessRules } from './access-rules';
import { generateConstraintRules, generateLimits, generateUniqueUris } from './constraint-rules';

/** Everything the console writes to cn=config for the access policy. */
export interface IsolationRuleSet {
  accessRules: string[];
  constraintRules: string[];
  uniqueUris: string[];
  limits: string[];
  /** Settings of the main database: value-checked adds, no renames or moves for anyone. */
  databaseSettings: Record<string, string[]>;
}

/** Generates the policy configuration for `suffix` (pure; the same for 10 or 10,000 tenants). */
export function generateIsolationRules(suffix: string): IsolationRuleSet {
  return {
    accessRules: generateAccessRules(suffix),
    constraintRules: generateConstraintRules(suffix),
    uniqueUris: generateUniqueUris(suffix),
    limits: generateLimits(suffix),
    databaseSettings: {
      // Without it slapd checks only `entry` and `children` on add: the value rules must see adds too.
      olcAddContentAcl: ['TRUE'],
      // Nobody renames or moves entries (53): the console never does, and a move could carry an entry out of its
      // tenant's rules. Host admins included; the rootDN (tools) is not bound by it either way.
      olcRestrict: ['rename'],
    },
  };
}

/** The rules as the read-only review shows them: numbered as cn=config numbers them. */
export function rulesReport(suffix: string, tenantCount: number, rules: IsolationRuleSet): AccessRulesReport {
  return {
    suffix,
    tenantCount,
    accessRules: rules.accessRules.map((text, index) => ({ index, text })),
    constraintRules: [...rules.constraintRules, ...rules.uniqueUris.map((uri) => `unique ${uri}`), ...rules.limits.map((limit) => `limits ${limit}`)].map((text, index) => ({ index, text })),
  };
}
