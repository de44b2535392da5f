/** The checkpoints of the connected directory, as `verifyJournal` reads them. */
import type { DirectoryConnection } from '../directory/directory-connection';
import { toEnclaveError } from '../directory/ldap-errors';
import { readCheckpoints } from './checkpoint-store';
import type { AnchorSource } from './journal-verify';

/** Reads every checkpoint the connection's identity may see, below the directory's checkpoint container. */
export function directoryAnchors(connection: DirectoryConnection, container: string): AnchorSource {
  return {
    checkpoints: async () => {
      try {
        return await readCheckpoints(connection, container);
      } catch (error) {
        if (toEnclaveError(error).kind !== 'not-found') throw error;
        throw new Error(`the directory has no checkpoint container ${container} (or this identity may not search it): docs/audit.md says how to set one up`);
      }
    },
  };
}
