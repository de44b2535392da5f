/** The fixed DNs of a sandbox directory, built with ldapts's DN builder from a validated suffix. */
import { DN } from 'ldapts';
import { failure } from '../../../../shared/errors';

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

/** The DN `attribute=value,parent`. */
export function childDn(attribute: string, value: string, parent: DN): DN {
  return new DN().addPairRDN(attribute, value).addRDNs(parent.clone());
}

/** All sandbox DNs under `suffix`. */
export function sandboxDns(suffix: string): SandboxDns {
  const base = parseSuffix(suffix);
  const host = childDn('ou', 'host', base);
  const hostPeople = childDn('ou', 'people', host);
  const hostGroups = childDn('ou', 'groups', host);
  const policies = childDn('ou', 'policies', base);
  const text = (dn: DN): string => dn.toString().toLowerCase();
  return {
    suffix: text(base),
    rootDn: text(childDn('cn', 'admin', base)),
    host: text(host),
    hostPeople: text(hostPeople),
    hostGroups: text(hostGroups),
    tenants: text(childDn('ou', 'tenants', base)),
    policies: text(policies),
    defaultPolicy: text(childDn('cn', 'default', policies)),
    admin: text(childDn('uid', 'admin', hostPeople)),
    helpdesk: text(childDn('uid', 'helpdesk', hostPeople)),
    hostAdminsGroup: text(childDn('cn', 'host-admins', hostGroups)),
    helpdeskGroup: text(childDn('cn', 'helpdesk', hostGroups)),
  };
}
