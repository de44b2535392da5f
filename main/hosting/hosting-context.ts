import type { DirectoryConnection } from '../directory/directory-connection';
import type { HostingDialect } from './hosting-dialect';

/** What every hosting service works with: one held connection and the flavor's dialect. */
export interface HostingContext {
  connection: DirectoryConnection;
  dialect: HostingDialect;
}
