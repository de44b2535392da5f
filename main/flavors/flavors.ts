/** The flavors Enclave speaks, and the one place that decides which one a server is. */
import { failure } from '../../shared/errors';
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { DirectoryConnection } from '../directory/directory-connection';
import { readRootDse } from '../directory/root-dse';
import { activeDirectoryFlavor } from './active-directory/ad-flavor';
import type { DirectoryFlavorModule } from './directory-flavor';
import { openLdapFlavor } from './openldap/openldap-flavor';

/** Asked in order: the generic flavor (OpenLDAP, which recognizes any server) comes last. */
const allFlavors: readonly DirectoryFlavorModule[] = [activeDirectoryFlavor, openLdapFlavor];

/** The module of a named flavor. */
export function flavorModule(flavor: DirectoryFlavor): DirectoryFlavorModule {
  const found = allFlavors.find((module) => module.flavor === flavor);
  if (!found) throw new Error(`Unknown directory flavor ${flavor}`);
  return found;
}

/** The flavor a command-line word names: "openldap", "ad" or "active-directory". */
export function flavorNamed(word: string): DirectoryFlavorModule {
  const flavor = word === 'ad' ? 'active-directory' : word;
  const found = allFlavors.find((module) => module.flavor === flavor);
  if (!found) throw failure({ kind: 'invalid-input', message: `Unknown directory flavor "${word}": use openldap or ad.`, issues: [{ path: ['flavor'], message: 'openldap or ad' }] });
  return found;
}

/** What a connected server is: its flavor module, the suffix of the hosting tree and its vendor string. */
export interface ServerIdentity {
  module: DirectoryFlavorModule;
  flavor: DirectoryFlavor;
  suffix: string;
  vendor: string;
}

/** Identifies the server from its rootDSE; `preferredSuffix` (the profile's base DN) wins when given. */
export async function identifyServer(connection: DirectoryConnection, preferredSuffix?: string): Promise<ServerIdentity> {
  const rootDse = await readRootDse(connection);
  const module = allFlavors.find((candidate) => candidate.recognizes(rootDse)) ?? openLdapFlavor;
  return { module, flavor: module.flavor, suffix: preferredSuffix || module.defaultSuffix(rootDse), vendor: rootDse.vendor || module.label };
}
