/**
 * The DNs the generated rules name: the OpenLDAP layout below the normalized suffix (docs/directory-layout.md). The suffix is
 * validated to plain `attr=value` parts so it can be pasted into a regular expression unchanged.
 */
import { failure } from '../../../../shared/errors';
import { normalizeDn } from '../../../directory/dn';
import { openLdapLayout } from '../openldap-layout';

/** Lower-case (normalized) DNs of the fixed parts of the tree. */
export interface IsolationDns {
  suffix: string;
  tenants: string;
  hostGroups: string;
  hostAdminsGroup: string;
  helpdeskGroup: string;
  hostPeople: string;
}

// Letters, digits, space, hyphen and underscore: none of them means anything in a POSIX regex or a DN.
const PLAIN_DN = /^[a-z][a-z0-9-]*=[a-z0-9 _-]+(?:,[a-z][a-z0-9-]*=[a-z0-9 _-]+)*$/;

/** The fixed DNs below `suffix`; refuses suffixes with characters that would need escaping in a regex. */
export function isolationDns(suffix: string): IsolationDns {
  let normalized: string;
  try {
    normalized = normalizeDn(suffix);
  } catch {
    normalized = '';
  }
  if (!PLAIN_DN.test(normalized)) {
    throw failure({
      kind: 'invalid-input',
      message: `Access rules can only be generated for a suffix of plain attr=value parts (got "${suffix}").`,
      issues: [{ path: ['suffix'], message: 'letters, digits, spaces, hyphens and underscores only' }],
    });
  }
  const layout = openLdapLayout(normalized);
  return {
    suffix: layout.suffix,
    tenants: layout.tenantsDn,
    hostGroups: layout.hostGroupsDn,
    hostAdminsGroup: layout.hostAdminsGroupDn,
    helpdeskGroup: layout.helpdeskGroupDn,
    hostPeople: layout.hostPeopleDn,
  };
}
