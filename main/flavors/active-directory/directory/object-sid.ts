/** Reads objectSid values, which AD returns as binary SIDs. */
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { decodeSid } from './security-descriptor';

/** The SID of the entry at `dn`, or null when it has none or is invisible. */
export async function readObjectSid(connection: DirectoryConnection, dn: string): Promise<string | null> {
  const [entry] = await connection.search(dn, { scope: 'base', attributes: ['objectSid'], binaryAttributes: ['objectSid'] }).catch(() => []);
  const raw = entry?.['objectSid'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return Buffer.isBuffer(value) ? decodeSid(value).sid : null;
}
