/** What an isolation verifier run needs, whatever the flavor. */
import type { ConnectionSettings } from '../../directory/connection-settings';

export interface VerifierOptions {
  /** A host admin's connection settings: the verifier creates and removes the probe accounts with them. */
  admin: ConnectionSettings;
  suffix: string;
  /** Tenants probed at once (each uses a few connections). Default 8: on 2 cores more is slower (measured). */
  concurrency?: number;
  /** Run the whole matrix from these tenants (by name) instead of a random sample. */
  tenants?: string[];
  /** How many real tenants the whole matrix runs from, picked at random (default 3); structure and sweep cover all. */
  sample?: number;
}
