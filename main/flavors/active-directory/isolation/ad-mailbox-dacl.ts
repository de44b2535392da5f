/**
 * A mailbox's own DACL keeps its user from publishing certificates for itself. AD's default user descriptor lets
 * SELF write the Personal-Information property set, which holds userCertificate, userSMIMECertificate and userCert
 * (measured on Samba 4.17); the access policy leaves certificates to the tenant's admins, whose console checks each
 * one first (a key another tenant uses, its addresses, its validity: docs/keys.md). The deny ACEs must be explicit
 * on the object: an inherited deny is ordered after the explicit allow and would lose.
 */
import { Attribute, Change } from 'ldapts';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { adGuids } from '../ad-schema';
import { SdFlagsControl } from '../directory/sd-flags-control';
import { aceFlags, aceTypes, adRights, decodeSecurityDescriptor, encodeSecurityDescriptor, wellKnownSids, type Ace } from '../directory/security-descriptor';

/** The explicit denies every mailbox gets: SELF may not write any certificate attribute of its own entry. */
export const selfCertificateDenies: readonly Ace[] = [adGuids.userCertificate, adGuids.userSMIMECertificate, adGuids.userCert].map((objectType) => ({
  type: aceTypes.accessDeniedObject,
  flags: 0,
  mask: adRights.writeProperty,
  sid: wellKnownSids.selfPrincipal,
  objectType,
}));

const knownTypes = new Set<number>(Object.values(aceTypes));
const sameAce = (a: Ace, b: Ace) => a.type === b.type && a.flags === b.flags && a.mask === b.mask && a.sid === b.sid && a.objectType === b.objectType && a.inheritedObjectType === b.inheritedObjectType;

/** Puts the denies first in the DACL of `dn` (explicit ACEs kept in order; inherited ones the DC derives again). */
export async function denySelfCertificateWrites(connection: DirectoryConnection, dn: string): Promise<void> {
  const [entry] = await connection.search(dn, { scope: 'base', attributes: ['nTSecurityDescriptor'], binaryAttributes: ['nTSecurityDescriptor'], controls: [new SdFlagsControl()] });
  const raw = entry?.['nTSecurityDescriptor'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!Buffer.isBuffer(value)) throw new Error(`The security descriptor of ${dn} is not readable with this account`);
  const descriptor = decodeSecurityDescriptor(value);
  const dacl = descriptor.dacl ?? [];
  // Only ACE types this code encodes faithfully are written back; anything else stays untouched.
  if (dacl.some((ace) => !knownTypes.has(ace.type))) throw new Error(`The DACL of ${dn} holds ACE types Enclave does not rewrite; add the certificate denies by hand`);
  const explicit = dacl.filter((ace) => (ace.flags & aceFlags.inherited) === 0);
  const missing = selfCertificateDenies.filter((deny) => !explicit.some((ace) => sameAce(ace, deny)));
  if (missing.length === 0) return;
  const updated = encodeSecurityDescriptor({ control: descriptor.control, owner: null, group: null, dacl: [...missing, ...explicit] });
  await connection.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [updated] }) })], [new SdFlagsControl()]);
}
