/**
 * What is wrong with a tenant's certificates. Some findings concern one mailbox alone (expired, expiring, not yet
 * valid, addresses that are not the mailbox's, a CA certificate, an unreadable value); the others compare tenants
 * (the same certificate or public key in another tenant, one CA serving several tenants) through an index of
 * every certificate read, which holds fingerprints and tenant names only.
 */
import type { CertificateFinding, CertificateFindingKind, CertificateInfo, FindingSeverity, IssuerUse, MailboxCertificates } from '../../shared/model/keys';

const dayMs = 86_400_000;
/** Other tenants named in one finding; the count says how many there are in all. */
export const namedTenantLimit = 20;

/** How bad each kind is (on import, errors are refused and warnings need a confirmation). */
export const findingSeverity: Record<CertificateFindingKind, FindingSeverity> = {
  'shared-certificate': 'error',
  'shared-key': 'error',
  'shared-issuer': 'warning',
  expired: 'error',
  expiring: 'warning',
  'not-yet-valid': 'warning',
  'address-mismatch': 'warning',
  'ca-certificate': 'warning',
  unparsed: 'warning',
  'private-key': 'error',
  duplicate: 'error',
};

type FindingDraft = Pick<CertificateFinding, 'kind' | 'tenant' | 'login' | 'fingerprint' | 'message'> & { others?: readonly string[]; severity?: FindingSeverity };

/** A finding with its severity and its other tenants capped (sorted, the first `namedTenantLimit`). */
export function finding(draft: FindingDraft): CertificateFinding {
  const others = [...(draft.others ?? [])].sort((a, b) => a.localeCompare(b));
  return {
    kind: draft.kind,
    severity: draft.severity ?? findingSeverity[draft.kind],
    tenant: draft.tenant,
    login: draft.login,
    fingerprint: draft.fingerprint,
    otherTenants: others.slice(0, namedTenantLimit),
    otherTenantCount: others.length,
    message: draft.message,
  };
}

const day = (iso: string) => iso.slice(0, 10);
const named = (certificate: CertificateInfo) => `"${certificate.subject || '(no subject)'}" (serial ${certificate.serialNumber})`;
/** "Globex, Initech and 3 more tenants" */
export function tenantList(others: readonly string[]): string {
  const sorted = [...others].sort((a, b) => a.localeCompare(b));
  const shown = sorted.slice(0, 5).map((name) => `"${name}"`);
  const rest = sorted.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more tenant${rest === 1 ? '' : 's'}`;
  return shown.length <= 1 ? `tenant ${shown.join('')}` : `tenants ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Findings about one certificate on one mailbox, needing nothing but the mailbox: validity, addresses, CA. */
export function certificateFindings(mailbox: Pick<MailboxCertificates, 'tenant' | 'login' | 'addresses'>, certificate: CertificateInfo, now: number, expiringWithinDays: number): CertificateFinding[] {
  const out: CertificateFinding[] = [];
  const base = { tenant: mailbox.tenant, login: mailbox.login, fingerprint: certificate.fingerprint };
  const notAfter = Date.parse(certificate.notAfter);
  const notBefore = Date.parse(certificate.notBefore);
  if (notAfter < now) {
    out.push(finding({ ...base, kind: 'expired', message: `The certificate ${named(certificate)} expired on ${day(certificate.notAfter)}: mail clients will not encrypt to it. Remove it, or import its renewal.` }));
  } else if (notAfter - now <= expiringWithinDays * dayMs) {
    const days = Math.max(0, Math.floor((notAfter - now) / dayMs));
    out.push(finding({ ...base, kind: 'expiring', message: `The certificate ${named(certificate)} expires on ${day(certificate.notAfter)}, in ${days} day${days === 1 ? '' : 's'}: import its renewal before then.` }));
  }
  if (notBefore > now) {
    out.push(finding({ ...base, kind: 'not-yet-valid', message: `The certificate ${named(certificate)} is valid only from ${day(certificate.notBefore)}: until then clients refuse it.` }));
  }
  if (certificate.isCa) {
    out.push(finding({ ...base, kind: 'ca-certificate', message: `${named(certificate)} is a CA certificate, not a mailbox's own: publish the mailbox's certificate instead.` }));
  } else {
    const foreign = certificate.addresses.filter((address) => !mailbox.addresses.includes(address));
    if (certificate.addresses.length === 0) {
      out.push(finding({ ...base, kind: 'address-mismatch', message: `The certificate ${named(certificate)} names no mail address: clients look certificates up by address and will not use it for ${mailbox.addresses[0] ?? 'this mailbox'}.` }));
    } else if (foreign.length > 0) {
      out.push(finding({ ...base, kind: 'address-mismatch', message: `The certificate ${named(certificate)} is for ${foreign.join(', ')}, which ${foreign.length === 1 ? 'is not an address' : 'are not addresses'} of this mailbox (${mailbox.addresses.join(', ')}).` }));
    }
  }
  return out;
}

/** Findings about one mailbox alone: each certificate's, and each unreadable value. */
export function mailboxFindings(mailbox: MailboxCertificates, now: number, expiringWithinDays: number): CertificateFinding[] {
  return [
    ...mailbox.certificates.flatMap((certificate) => certificateFindings(mailbox, certificate, now, expiringWithinDays)),
    ...mailbox.unparsed.map((value) =>
      finding({ kind: 'unparsed', tenant: mailbox.tenant, login: mailbox.login, fingerprint: value.fingerprint, message: `A value of ${value.attribute} (${value.bytes} bytes) cannot be read: ${value.reason}. Remove it or replace it with a readable certificate.` }),
    ),
  ];
}

/** Which tenants hold each certificate, public key and issuing CA: fingerprints and tenant names only. */
export class KeyIndex {
  private readonly byCertificate = new Map<string, Set<string>>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byIssuer = new Map<string, Set<string>>();

  add(tenant: string, certificate: CertificateInfo): void {
    remember(this.byCertificate, certificate.fingerprint, tenant);
    remember(this.byKey, certificate.keyFingerprint, tenant);
    // A self-signed certificate is its own issuer, not a CA serving anyone.
    if (!certificate.selfSigned) remember(this.byIssuer, certificate.issuerId, tenant);
  }

  addMailbox(mailbox: MailboxCertificates): void {
    for (const certificate of mailbox.certificates) this.add(mailbox.tenant, certificate);
  }

  /** Tenants other than `tenant` holding the same certificate. */
  otherTenantsWithCertificate = (tenant: string, fingerprint: string): string[] => others(this.byCertificate, fingerprint, tenant);
  otherTenantsWithKey = (tenant: string, keyFingerprint: string): string[] => others(this.byKey, keyFingerprint, tenant);
  otherTenantsWithIssuer = (tenant: string, issuerId: string): string[] => others(this.byIssuer, issuerId, tenant);
}

function remember(map: Map<string, Set<string>>, id: string, tenant: string): void {
  const tenants = map.get(id);
  if (tenants) tenants.add(tenant);
  else map.set(id, new Set([tenant]));
}

function others(map: Map<string, Set<string>>, id: string, tenant: string): string[] {
  const tenants = map.get(id);
  return tenants ? [...tenants].filter((name) => name !== tenant) : [];
}

/** The cross-tenant findings of one certificate: the same certificate, else the same key, in another tenant. */
export function sharedCertificateFindings(mailbox: Pick<MailboxCertificates, 'tenant' | 'login'>, certificate: CertificateInfo, index: KeyIndex): CertificateFinding[] {
  const base = { tenant: mailbox.tenant, login: mailbox.login, fingerprint: certificate.fingerprint };
  const sameCertificate = index.otherTenantsWithCertificate(mailbox.tenant, certificate.fingerprint);
  if (sameCertificate.length > 0) {
    return [finding({ ...base, kind: 'shared-certificate', others: sameCertificate, message: `The certificate ${named(certificate)} is also published for a mailbox of ${tenantList(sameCertificate)}: whoever holds its private key reads the encrypted mail of both tenants.` })];
  }
  const sameKey = index.otherTenantsWithKey(mailbox.tenant, certificate.keyFingerprint);
  if (sameKey.length > 0) {
    return [finding({ ...base, kind: 'shared-key', others: sameKey, message: `The public key of ${named(certificate)} is also in a certificate of ${tenantList(sameKey)}: one private key serves several tenants, so whoever holds it reads the encrypted mail of each. Each tenant needs keys of its own.` })];
  }
  return [];
}

/** The CAs a tenant's certificates come from, with the other tenants each one also serves. */
export function issuerUses(tenant: string, mailboxes: readonly MailboxCertificates[], index: KeyIndex): IssuerUse[] {
  const uses = new Map<string, { issuer: string; certificates: number; mailboxes: Set<string> }>();
  for (const mailbox of mailboxes) {
    for (const certificate of mailbox.certificates) {
      const use = uses.get(certificate.issuerId) ?? { issuer: certificate.issuer, certificates: 0, mailboxes: new Set<string>() };
      use.certificates += 1;
      use.mailboxes.add(mailbox.login);
      uses.set(certificate.issuerId, use);
    }
  }
  return [...uses.entries()]
    .map(([issuerId, use]) => {
      const others = index.otherTenantsWithIssuer(tenant, issuerId).sort((a, b) => a.localeCompare(b));
      return { issuerId, issuer: use.issuer, certificates: use.certificates, mailboxes: use.mailboxes.size, otherTenants: others.slice(0, namedTenantLimit), otherTenantCount: others.length };
    })
    .sort((a, b) => b.certificates - a.certificates || a.issuer.localeCompare(b.issuer));
}

/** One finding per CA of the tenant that also serves other tenants. */
export function sharedIssuerFindings(tenant: string, uses: readonly IssuerUse[], index: KeyIndex): CertificateFinding[] {
  return uses
    .filter((use) => use.otherTenantCount > 0)
    .map((use) => {
      const others = index.otherTenantsWithIssuer(tenant, use.issuerId);
      return finding({
        kind: 'shared-issuer',
        tenant,
        login: null,
        fingerprint: null,
        others,
        message: `The CA "${use.issuer}" issued ${use.certificates} certificate${use.certificates === 1 ? '' : 's'} here and also serves ${tenantList(others)}. A public CA may do so; a key service the host runs for several tenants keeps every tenant's keys in one place, and a tenant that leaves cannot take its keys along.`,
      });
    });
}

const severityOrder: Record<FindingSeverity, number> = { error: 0, warning: 1 };

/** Errors first, then by kind, mailbox and certificate. */
export function sortFindings(findings: CertificateFinding[]): CertificateFinding[] {
  return findings.sort(
    (a, b) =>
      severityOrder[a.severity] - severityOrder[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      (a.login ?? '').localeCompare(b.login ?? '') ||
      (a.fingerprint ?? '').localeCompare(b.fingerprint ?? ''),
  );
}
