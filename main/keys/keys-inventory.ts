/**
 * The certificate inventory: every mailbox below a base that holds a certificate, read page by page (one paged
 * search over the flavor's holder filter, only the login, address and certificate attributes) and parsed as it
 * arrives, so thousands of tenants stream through without the directory ever being held at once.
 */
import type { Entry } from 'ldapts';
import type { CertificateInfo, MailboxCertificates, UnparsedCertificate } from '../../shared/model/keys';
import { buffers } from '../directory/entry';
import type { HostingContext } from '../hosting/hosting-context';
import type { HostingDialect } from '../hosting/hosting-dialect';
import { parseStoredValue } from './certificate-parsing';

/** Mailboxes per server page (below the 1,000-entry limits of AD and the sandbox). */
export const inventoryPageSize = 500;

/** The attributes a mailbox's certificates are read with (its login and addresses, then the certificates). */
export function inventoryAttributes(dialect: HostingDialect): { attributes: string[]; binaryAttributes: string[] } {
  const stored = dialect.certificates.stored.map((s) => s.attribute);
  return { attributes: [...(dialect.mailboxKeyAttributes?.() ?? dialect.mailboxAttributes()), ...stored], binaryAttributes: stored };
}

/** Streams the certificate holders below `base`, parsed, one server page at a time. */
export async function* certificatePages(context: HostingContext, base: string, pageSize = inventoryPageSize): AsyncGenerator<MailboxCertificates[]> {
  const { connection, dialect } = context;
  for await (const page of connection.searchPages(base, { filter: dialect.certificates.holderFilter(), ...inventoryAttributes(dialect), pageSize })) {
    const parsed: MailboxCertificates[] = [];
    for (const entry of page) {
      const mailbox = mailboxCertificatesOf(dialect, entry);
      if (mailbox !== null) parsed.push(mailbox);
    }
    yield parsed;
  }
}

/** One mailbox entry's certificates; null outside every tenant. */
export function mailboxCertificatesOf(dialect: HostingDialect, entry: Entry): MailboxCertificates | null {
  const tenant = dialect.layout.tenantOf(entry.dn);
  if (tenant === null) return null;
  const mailbox = dialect.mailboxFromEntry(tenant, entry);
  const certificates: CertificateInfo[] = [];
  const unparsed: UnparsedCertificate[] = [];
  for (const { attribute } of dialect.certificates.stored) {
    for (const value of buffers(entry, attribute)) {
      const parsed = parseStoredValue(attribute, value);
      if ('unparsed' in parsed) unparsed.push(parsed.unparsed);
      else certificates.push(...parsed.certificates);
    }
  }
  return {
    tenant,
    login: mailbox.login,
    dn: entry.dn,
    addresses: [...new Set([mailbox.primaryAddress, ...mailbox.aliases].filter(Boolean).map((address) => address.toLowerCase()))],
    certificates,
    unparsed,
  };
}
