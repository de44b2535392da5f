/** Reads the server's rootDSE: what it announces about itself, before anyone decides what it is. */
import type { DirectoryConnection } from './directory-connection';
import { first, values } from './entry';

/** The rootDSE attributes a flavor is recognized by. */
export interface RootDse {
  supportedCapabilities: string[];
  namingContexts: string[];
  defaultNamingContext: string;
  vendor: string;
}

/** Reads the rootDSE (every server lets anyone read it); missing attributes come back empty. */
export async function readRootDse(connection: DirectoryConnection): Promise<RootDse> {
  const entry = await connection.read('', ['namingContexts', 'defaultNamingContext', 'supportedCapabilities', 'vendorName', 'vendorVersion', 'objectClass']);
  return {
    supportedCapabilities: entry ? values(entry, 'supportedCapabilities') : [],
    namingContexts: entry ? values(entry, 'namingContexts') : [],
    defaultNamingContext: entry ? first(entry, 'defaultNamingContext') : '',
    vendor: entry ? [first(entry, 'vendorName'), first(entry, 'vendorVersion')].filter(Boolean).join(' ') : '',
  };
}
