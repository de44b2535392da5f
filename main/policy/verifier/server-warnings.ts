/**
 * Server defects the access policy cannot close, read from what the server offers rather than tried: the verifier
 * runs against production directories and must never stop one (docs/isolation.md, "A weakness of the server itself").
 */
import type { ServerWarning } from '../../../shared/model/isolation';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { values } from '../../directory/entry';

/** RFC 5805 Start Transaction. */
export const startTransactionOid = '1.3.6.1.1.21.1';

/**
 * slapd 2.5.13 (Debian 12) dies with a segmentation fault when a few connections run LDAP transactions at once,
 * allowed or refused writes alike (measured: 3 to 41 transactions); any account that can bind can do it, and no
 * slapd setting refuses Start Transaction.
 */
const transactionsWarning = (offeredBy: string): ServerWarning => ({
  id: 'server-transactions',
  what: 'The server offers LDAP transactions to every account that can bind. slapd 2.5.13 dies when a few connections run transactions at once, so any mailbox user can stop the directory, and with it the mail of every tenant. The access rules themselves hold inside transactions.',
  remedy: 'Run a slapd release with the transaction fixes, or let only the host’s tools reach it through a proxy that refuses the extended operation 1.3.6.1.1.21.1; restrict who can reach the LDAP port meanwhile.',
  evidence: `supportedExtension ${startTransactionOid} in the root DSE (${offeredBy})`,
});

/** The warnings for what the server's root DSE offers, read as `connection` (the host admin). */
export async function serverWarnings(connection: DirectoryConnection): Promise<ServerWarning[]> {
  const rootDse = await connection.read('', ['supportedExtension', 'vendorVersion']);
  if (rootDse === null) return [];
  const offered = values(rootDse, 'supportedExtension');
  const vendor = values(rootDse, 'vendorVersion')[0];
  return offered.includes(startTransactionOid) ? [transactionsWarning(vendor ? `vendorVersion ${vendor}` : 'the server names no version')] : [];
}
