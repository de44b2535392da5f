/** The isolation verifier for any directory: asks the server what it is, then runs that flavor's matrix. */
import type { IsolationReport } from '../../shared/model/isolation';
import { DirectoryConnection } from '../directory/directory-connection';
import type { VerifierOptions } from '../policy/verifier/verifier-options';
import { identifyServer } from './flavors';

/** Runs the flavor's whole matrix; never throws for a probe failure, only for setup errors (e.g. not a host admin). */
export async function verifyIsolation(options: VerifierOptions): Promise<IsolationReport> {
  const probe = new DirectoryConnection(options.admin);
  let identity;
  try {
    identity = await identifyServer(probe, options.suffix);
  } finally {
    await probe.dispose();
  }
  return identity.module.verifyIsolation(options);
}
