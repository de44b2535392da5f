/** Certificate findings in words: one label per kind, the way the keys view and the editor name them. */
import type { CertificateFinding, CertificateFindingKind } from '../../shared/model/keys';

export const findingLabels: Readonly<Record<CertificateFindingKind, string>> = {
  'shared-certificate': 'Certificate in another tenant',
  'shared-key': 'Key in another tenant',
  'shared-issuer': 'CA serving other tenants',
  expired: 'Expired',
  expiring: 'Expiring soon',
  'not-yet-valid': 'Not yet valid',
  'address-mismatch': 'Not the mailbox’s addresses',
  'ca-certificate': 'CA certificate',
  unparsed: 'Unreadable',
  'private-key': 'Holds a private key',
  duplicate: 'Already published',
};

/** "Error" or "Warning". */
export const severityLabel = (finding: Pick<CertificateFinding, 'severity'>): string => (finding.severity === 'error' ? 'Error' : 'Warning');

/** The first 16 hex digits of a fingerprint, grouped in fours, for a table cell (the full one is its tooltip). */
export const shortFingerprint = (fingerprint: string): string => (fingerprint.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ');

/** "2027-12-03" from an ISO time. */
export const isoDay = (iso: string): string => iso.slice(0, 10);
