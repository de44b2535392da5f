/** Reads the server's rootDSE to recognise the directory flavor and its suffix. */
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { DirectoryConnection } from './directory-connection';
import { first, values } from './entry';

/** supportedCapabilities value that only Active Directory (and Samba AD) announce. */
const activeDirectoryCapability = '1.2.840.113556.1.4.800';

export interface ServerIdentity {
  flavor: DirectoryFlavor;
  /** The naming context holding the hosting tree. */
  suffix: string;
  vendor: string;
}

/** Identifies the server; `preferredSuffix` wins when given. */
export async function identifyServer(connection: DirectoryConnection, preferredSuffix?: string): Promise<ServerIdentity> {
  const rootDse = await connection.read('', ['namingContexts', 'defaultNamingContext', 'supportedCapabilities', 'vendorName', 'vendorVersion', 'objectClass']);
  const capabilities = rootDse ? values(rootDse, 'supportedCapabilities') : [];
  const flavor: DirectoryFlavor = capabilities.includes(activeDirectoryCapability) ? 'active-directory' : 'openldap';
  const contexts = rootDse ? values(rootDse, 'namingContexts') : [];
  const suffix =
    preferredSuffix ||
    (rootDse ? first(rootDse, 'defaultNamingContext') : '') ||
    // OpenLDAP also lists the accesslog database; the hosting tree is never under cn=accesslog.
    contexts.find((context) => !/^cn=accesslog$/i.test(context)) ||
    '';
  const vendor = rootDse ? [first(rootDse, 'vendorName'), first(rootDse, 'vendorVersion')].filter(Boolean).join(' ') : '';
  return { flavor, suffix, vendor: vendor || (flavor === 'active-directory' ? 'Active Directory' : 'LDAP server') };
}
