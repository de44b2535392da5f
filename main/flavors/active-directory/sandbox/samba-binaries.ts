/** Finds the Samba programs an Active Directory sandbox needs, or explains what the machine lacks. */
import { failure } from '../../../../shared/errors';
import { defaultBinarySearchPath } from '../../openldap/sandbox/slapd-binaries';
import { findExecutable } from '../../../system/find-executable';

/** Absolute paths of the Samba programs the AD sandbox runs. */
export interface SambaBinaries {
  samba: string;
  sambaTool: string;
  /** util-linux unshare: runs a DC in a network namespace of its own (tests). */
  unshare?: string;
}

/** Locates samba and samba-tool; throws `sandbox-unavailable` when they are missing or we are not root. */
export async function findSambaBinaries(searchPath: readonly string[] = defaultBinarySearchPath()): Promise<SambaBinaries> {
  // A Samba DC must run as root: it switches identities per request and owns its privileged sockets.
  if (process.getuid?.() !== 0) {
    throw failure({
      kind: 'sandbox-unavailable',
      message: 'The Active Directory sandbox runs a Samba domain controller, which needs root: run it as root (as CI does), or use the OpenLDAP sandbox.',
    });
  }
  const samba = await findExecutable('samba', searchPath);
  const sambaTool = await findExecutable('samba-tool', searchPath);
  if (samba === null || sambaTool === null) {
    throw failure({
      kind: 'sandbox-unavailable',
      message:
        'Samba is not installed (samba or samba-tool not found): install the Debian packages "samba-ad-dc" and ' +
        '"samba-ad-provision" (npm run setup does), then try again.',
      missingPackage: 'samba-ad-dc',
    });
  }
  const unshare = await findExecutable('unshare', searchPath);
  return unshare === null ? { samba, sambaTool } : { samba, sambaTool, unshare };
}
