/** The fixed DNs of a sandbox directory: the OpenLDAP layout (openldap-layout.ts) below a validated dc= suffix. */
import { DN } from 'ldapts';
import { failure } from '../../../../shared/errors';
import { openLdapLayout } from '../openldap-layout';

/** The suffix used when none is given. */
export const DEFAULT_SANDBOX_SUFFIX = 'dc=hosting,dc=test';

/** Every DN the sandbox creates or refers to, as lower-case strings (ACLs compare normalized DNs). */
export interface SandboxDns {
  suffix: string;
  /** Has no password: slapd needs a rootDN for internal writes (refint, memberof), nobody binds as it. */
  rootDn: string;
  host: string;
  hostPeople: string;
  hostGroups: string;
  tenants: string;
  policies: string;
  defaultPolicy: string;
  admin: string;
  helpdesk: string;
  hostAdminsGroup: string;
  helpdeskGroup: string;
}

const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parse a `dc=a,dc=b` suffix; anything else is refused so the generated config and ACLs stay predictable. */
export function parseSuffix(suffix: string): DN {
  const labels = suffix
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .map((part) => (part.startsWith('dc=') ? part.slice(3) : null));
  if (labels.length === 0 || labels.some((label) => label === null || !DOMAIN_LABEL.test(label))) {
    throw failure({
      kind: 'invalid-input',
      message: `The sandbox suffix must look like dc=example,dc=test (got "${suffix}").`,
      issues: [{ path: ['suffix'], message: 'Use dc= components made of letters, digits and hyphens.' }],
    });
  }
  return labels.reduce((dn, label) => dn.addPairRDN('dc', label ?? ''), new DN());
}

/** All sandbox DNs under `suffix`, read off the one OpenLDAP layout (lower case: ACLs compare normalized DNs). */
export function sandboxDns(suffix: string): SandboxDns {
  const layout = openLdapLayout(parseSuffix(suffix).toString().toLowerCase());
  return {
    suffix: layout.suffix,
    rootDn: layout.rootDn,
    host: layout.hostDn,
    hostPeople: layout.hostPeopleDn,
    hostGroups: layout.hostGroupsDn,
    tenants: layout.tenantsDn,
    policies: layout.policiesDn,
    defaultPolicy: layout.defaultPolicyDn,
    admin: layout.staffDn('admin'),
    helpdesk: layout.staffDn('helpdesk'),
    hostAdminsGroup: layout.hostAdminsGroupDn,
    helpdeskGroup: layout.helpdeskGroupDn,
  };
}
