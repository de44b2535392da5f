/**
 * A mailbox's own DACL keeps its user from publishing certificates for itself. AD's default user descriptor gives
 * SELF read and write on the Personal-Information property set, which holds userCertificate, userSMIMECertificate
 * and userCert (measured on Samba 4.17), while the access policy leaves certificates to the tenant's admins, whose
 * console checks each one first (a key another tenant uses, its addresses, its validity: docs/keys.md) — and lets
 * tenant users change nothing of their own but the password. So SELF keeps reading that set and loses writing it.
 *
 * Not a deny ACE on the certificate attributes: an explicit deny for SELF would also stop a tenant admin from
 * publishing the certificate of its own mailbox, which the policy allows (measured: 50 for the admin on itself).
 */
import { Attribute, Change } from 'ldapts';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { adGuids } from '../ad-schema';
import { SdFlagsControl } from '../directory/sd-flags-control';
import { aceFlags, aceTypes, adRights, decodeSecurityDescriptor, encodeSecurityDescriptor, wellKnownSids, type Ace } from '../directory/security-descriptor';

const knownTypes = new Set<number>(Object.values(aceTypes));

/** SELF's explicit grant on the Personal-Information set that includes writing it. */
const selfWritesPersonalInformation = (ace: Ace): boolean =>
  (ace.flags & aceFlags.inherited) === 0 &&
  ace.type === aceTypes.accessAllowedObject &&
  ace.sid === wellKnownSids.selfPrincipal &&
  ace.objectType === adGuids.personalInformation &&
  (ace.mask & adRights.writeProperty) !== 0;

/** The DACL of `dn` with SELF's write on Personal-Information taken out (read kept); explicit ACEs only, in order. */
export async function withdrawSelfCertificateWrites(connection: DirectoryConnection, dn: string): Promise<void> {
  const [entry] = await connection.search(dn, { scope: 'base', attributes: ['nTSecurityDescriptor'], binaryAttributes: ['nTSecurityDescriptor'], controls: [new SdFlagsControl()] });
  const raw = entry?.['nTSecurityDescriptor'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!Buffer.isBuffer(value)) throw new Error(`The security descriptor of ${dn} is not readable with this account`);
  const descriptor = decodeSecurityDescriptor(value);
  const dacl = descriptor.dacl ?? [];
  if (!dacl.some(selfWritesPersonalInformation)) return;
  // Only ACE types this code encodes faithfully are written back; anything else is left for a person to judge.
  if (dacl.some((ace) => !knownTypes.has(ace.type))) throw new Error(`The DACL of ${dn} holds ACE types Enclave does not rewrite; take SELF's write on Personal-Information away by hand`);
  // Inherited ACEs are left out: the DC derives them again from the parent.
  const explicit = dacl
    .filter((ace) => (ace.flags & aceFlags.inherited) === 0)
    .map((ace) => (selfWritesPersonalInformation(ace) ? { ...ace, mask: ace.mask & ~adRights.writeProperty } : ace));
  const updated = encodeSecurityDescriptor({ control: descriptor.control, owner: null, group: null, dacl: explicit });
  await connection.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [updated] }) })], [new SdFlagsControl()]);
}
