/**
 * Sign-in by login or address, not only by DN. Anonymous clients see nothing in the directory (on purpose), so a
 * name is turned into the DN to bind as only from what may be known without reading entries, or by a search under
 * an account the host made for exactly that:
 * - a DN is used as it is;
 * - Active Directory binds a UPN (`alice@acme.test`) or `DOMAIN\alice` itself, and a bare login as the domain's
 *   implicit UPN (`alice@<dns domain>`); the DN is then read back as the signed-in user, for the audit trail;
 * - OpenLDAP: with a lookup account on the connection (the mail service's read-only account, the way Dovecot finds
 *   users), a search for the login or address below the tenants; a bare login nobody there has is host staff, whose
 *   DN follows from the layout (`uid=<login>,ou=people,ou=host,<suffix>`). Without one, a bare login is host staff
 *   and an address is refused with what to do.
 * A name that matches nothing ends as the server's own "invalid credentials", never as "no such user": the
 * console tells nobody which logins exist.
 */
import { AndFilter, EqualityFilter, OrFilter } from 'ldapts';
import { failure } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/connection';
import { loginNameField, mailAddressField } from '../../shared/model/fields';
import type { ConnectionSettings } from '../directory/connection-settings';
import { DirectoryConnection } from '../directory/directory-connection';
import { parseDn } from '../directory/dn';
import { identifyServer } from '../flavors/flavors';

/** True when `name` parses as a DN of at least one attr=value pair. */
export function isDistinguishedName(name: string): boolean {
  if (!name.includes('=')) return false;
  try {
    return parseDn(name).length > 0;
  } catch {
    return false;
  }
}

/** The DNS domain of an AD naming context: DC=corp,DC=example,DC=com → corp.example.com. */
export function dnsDomainOf(suffix: string): string {
  return parseDn(suffix)
    .flat()
    .filter((part) => part.attribute.toLowerCase() === 'dc')
    .map((part) => part.value)
    .join('.');
}

/** What to bind as for a sign-in name that is not a DN, and the lookup account's password if one is saved. */
export interface SignIn {
  profile: ConnectionProfile;
  password: string;
  lookupPassword: string | null;
}

const nobodyFound = () =>
  failure({ kind: 'invalid-credentials', ldapCode: 49, message: 'The server rejected the sign-in name or password. Check both; after repeated failures the account may be locked.' });

/** The DN to bind as for the profile's sign-in name (the name itself when it is a DN). Throws EnclaveFailure. */
export async function resolveSignInName({ profile, password, lookupPassword }: SignIn, base: (bindDN: string, password: string) => ConnectionSettings): Promise<string> {
  const name = profile.bindDN.trim();
  if (isDistinguishedName(name)) return name;
  const anonymous = new DirectoryConnection(base('', ''));
  let identity;
  try {
    await anonymous.open();
    identity = await identifyServer(anonymous, profile.baseDN);
  } finally {
    await anonymous.dispose();
  }
  if (!identity.suffix) throw failure({ kind: 'invalid-input', message: 'The server did not announce a naming context; set the base DN in the connection.', issues: [{ path: ['baseDN'], message: 'required for this server' }] });
  const layout = identity.module.dialect(identity.suffix).layout;

  if (identity.flavor === 'active-directory') {
    const login = name.includes('\\') ? name.slice(name.indexOf('\\') + 1) : name.includes('@') ? null : name;
    const bindName = name.includes('@') || name.includes('\\') ? name : `${name}@${dnsDomainOf(identity.suffix)}`;
    const self = new DirectoryConnection(base(bindName, password));
    try {
      await self.open();
      const implicitLogin = bindName.toLowerCase().endsWith(`@${dnsDomainOf(identity.suffix).toLowerCase()}`) ? bindName.slice(0, bindName.lastIndexOf('@')) : null;
      const candidates = [new EqualityFilter({ attribute: 'userPrincipalName', value: bindName })];
      for (const sam of [login, implicitLogin]) if (sam) candidates.push(new EqualityFilter({ attribute: 'sAMAccountName', value: sam }));
      const found = await self.search(identity.suffix, { filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), new OrFilter({ filters: candidates })] }), attributes: ['1.1'], limit: 2 });
      // Signed in, but the account cannot read itself (odd DACLs): the name the server accepted is kept.
      return found.length === 1 && found[0] ? found[0].dn : bindName;
    } finally {
      await self.dispose();
    }
  }

  const login = loginNameField.safeParse(name);
  const address = mailAddressField.safeParse(name);
  if (!login.success && !address.success) {
    throw failure({ kind: 'invalid-input', message: `"${name}" is neither a DN, a login nor a mail address.`, issues: [{ path: ['bindDN'], message: 'a DN, a login or an address' }] });
  }
  if (profile.lookupBindDN && lookupPassword !== null) {
    const lookup = new DirectoryConnection(base(profile.lookupBindDN, lookupPassword));
    try {
      await lookup.open().catch((error: unknown) => {
        throw failure({ kind: 'invalid-input', message: `The connection's lookup account could not sign in (${(error as Error).message}). Check its DN and password.`, issues: [{ path: ['lookupBindDN'], message: 'cannot sign in' }] });
      });
      const value = login.success ? login.data : address.success ? address.data : name;
      const keys = login.success ? ['uid'] : ['mail', 'mailLocalAddress'];
      const found = await lookup.search(layout.tenantsDn, {
        filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), new OrFilter({ filters: keys.map((attribute) => new EqualityFilter({ attribute, value })) })] }),
        attributes: ['1.1'],
        limit: 2,
      });
      if (found.length === 1 && found[0]) return found[0].dn;
      if (found.length > 1) throw nobodyFound();
    } finally {
      await lookup.dispose();
    }
  } else if (!login.success) {
    throw failure({
      kind: 'invalid-input',
      message: `Signing in with an address on this directory needs a lookup account on the connection (the mail service's read-only account), or the full DN. Host staff sign in with their login.`,
      issues: [{ path: ['bindDN'], message: 'an address needs a lookup account' }],
    });
  }
  if (!login.success) throw nobodyFound();
  return layout.staffDn(login.data);
}
