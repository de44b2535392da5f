/**
 * Keys and certificates kept in the directory (issue 18): the inventory of every mailbox's certificates, the
 * findings that say a tenant's keys are not its own (the same key or certificate in another tenant, one issuing
 * CA serving several tenants), expiry and address mismatches; and a mailbox's certificate imported or removed
 * with the same checks. docs/keys.md.
 */
import { z } from 'zod';
import { mailboxRef } from './hosting';
import { tenantNameField } from './fields';

/** Every kind of finding. The first five are also what an import checks before it writes. */
export const certificateFindingKinds = [
  'shared-certificate',
  'shared-key',
  'shared-issuer',
  'expired',
  'expiring',
  'not-yet-valid',
  'address-mismatch',
  'ca-certificate',
  'unparsed',
  /** Import only: the file holds a private key. */
  'private-key',
  /** Import only: the mailbox already has this certificate. */
  'duplicate',
] as const;
export type CertificateFindingKind = (typeof certificateFindingKinds)[number];

/** Errors are refused on import (never overridden); warnings are written only when confirmed. */
export type FindingSeverity = 'error' | 'warning';

/** Findings that need every tenant's certificates: only identities that read other tenants can make them. */
export const crossTenantFindingKinds = ['shared-certificate', 'shared-key', 'shared-issuer'] as const satisfies readonly CertificateFindingKind[];

export const defaultExpiringWithinDays = 30;
const expiringWithinDays = z.number().int('Days are whole days').min(0, 'Cannot be negative').max(3650, 'At most 3650 days').default(defaultExpiringWithinDays);

export const keysReportRequest = z.object({
  /** One tenant only (the cross-tenant checks still read every tenant the identity can read); all when absent. */
  tenant: tenantNameField.optional(),
  /** A certificate ending within this many days is reported as expiring. */
  expiringWithinDays,
});
export type KeysReportRequest = z.infer<typeof keysReportRequest>;

/** One parsed certificate as the directory holds it. */
export interface CertificateInfo {
  /** The attribute it was read from, without options (userCertificate, userSMIMECertificate). */
  attribute: string;
  /** `x509`: the value is the certificate; `pkcs7`: the certificate was found inside a PKCS#7 SignedData value. */
  container: 'x509' | 'pkcs7';
  subject: string;
  issuer: string;
  /** Upper-case hex, as certificate viewers show it. */
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** "EC P-256", "RSA 2048", "Ed25519". */
  keyType: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo), lower-case hex: one key in two certificates gives one value. */
  keyFingerprint: string;
  /** SHA-256 of the certificate (DER), lower-case hex: how a certificate is named for removal. */
  fingerprint: string;
  /** Mail addresses it is for (subjectAltName rfc822Name; the subject's emailAddress when it has none), lower-cased. */
  addresses: string[];
  /** Which CA issued it: `key:<authority key identifier>` when the certificate names it, else `name:<issuer>`. */
  issuerId: string;
  selfSigned: boolean;
  /** basicConstraints cA: a CA certificate, which is no mailbox's own. */
  isCa: boolean;
}

/** A stored value that is no certificate Enclave can read. */
export interface UnparsedCertificate {
  attribute: string;
  bytes: number;
  /** SHA-256 of the value, lower-case hex (removal names it by this). */
  fingerprint: string;
  reason: string;
}

/** One mailbox's certificates. */
export interface MailboxCertificates {
  tenant: string;
  login: string;
  dn: string;
  /** Its primary address and aliases, lower-cased. */
  addresses: string[];
  certificates: CertificateInfo[];
  unparsed: UnparsedCertificate[];
}

export interface CertificateFinding {
  kind: CertificateFindingKind;
  severity: FindingSeverity;
  tenant: string;
  /** The mailbox, or null for a finding about the tenant as a whole (shared-issuer). */
  login: string | null;
  /** The certificate (or unparsed value) concerned, or null. */
  fingerprint: string | null;
  /** The other tenants involved (shared certificate, key or issuer), as far as the bound identity reads them; the first 20 by name. */
  otherTenants: string[];
  /** How many other tenants there are in all (a public CA may serve thousands). */
  otherTenantCount: number;
  /** In words: what is wrong and what to do. */
  message: string;
}

/** A check that could not be made with the bound identity's rights, and why. */
export interface UncheckedKeyRule {
  kind: CertificateFindingKind;
  reason: string;
}

/** One issuing CA as a tenant uses it. */
export interface IssuerUse {
  issuerId: string;
  issuer: string;
  certificates: number;
  mailboxes: number;
  /** Other tenants with certificates from the same CA: the first 20 by name, and how many in all. */
  otherTenants: string[];
  otherTenantCount: number;
}

export interface TenantKeys {
  tenant: string;
  mailboxes: MailboxCertificates[];
  certificateCount: number;
  issuers: IssuerUse[];
  findings: CertificateFinding[];
}

export interface KeysReport {
  generatedAt: string;
  elapsedMs: number;
  expiringWithinDays: number;
  /** Tenants with certificates (and the tenant asked for, even without any), by name. */
  tenants: TenantKeys[];
  totals: {
    /** Mailboxes holding a certificate, over every tenant read. */
    mailboxesRead: number;
    certificates: number;
    unparsed: number;
    findings: number;
    byKind: Partial<Record<CertificateFindingKind, number>>;
  };
  unchecked: UncheckedKeyRule[];
}

export const mailboxCertificatesRequest = mailboxRef.extend({ expiringWithinDays });

/** What the mailbox editor shows: the certificates with the findings that concern this mailbox alone. */
export interface MailboxCertificateView extends MailboxCertificates {
  findings: CertificateFinding[];
}

/** A certificate file: PEM or DER, as base64 of its bytes (64 KiB at most: one certificate, or one with its chain). */
const certificateFile = z
  .string()
  .min(1, 'The certificate file is empty')
  .max(Math.ceil((64 * 1024) / 3) * 4, 'The certificate file is larger than 64 KiB: upload one certificate (PEM or DER)')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64');

export const importCertificateRequest = mailboxRef.extend({
  fileBase64: certificateFile,
  /** Check only: the answer says what an import would write and why it would be refused; nothing is written. */
  dryRun: z.boolean().default(false),
  /** Write despite warnings (addresses, expiring soon, a CA other tenants use). Errors are never overridden. */
  acceptWarnings: z.boolean().default(false),
  expiringWithinDays,
});
export type ImportCertificateRequest = z.infer<typeof importCertificateRequest>;

/** What an import found, and whether it wrote. */
export interface CertificateImportResult {
  /** The certificate the file holds (its end-entity certificate); null when none could be read. */
  certificate: CertificateInfo | null;
  /** Errors and warnings; an import writes only without errors, and with warnings only when they were accepted. */
  problems: CertificateFinding[];
  unchecked: UncheckedKeyRule[];
  /** What the file held besides the certificate (a chain's CA certificates: not written). */
  notes: string[];
  written: boolean;
}

export const removeCertificateRequest = mailboxRef.extend({
  /** The certificate's fingerprint (or an unparsed value's), as the inventory lists it. */
  fingerprint: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'A SHA-256 fingerprint: 64 hex digits'),
  /** For the findings of the mailbox as it is afterwards. */
  expiringWithinDays,
});
