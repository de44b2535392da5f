import type { TlsMode } from '../../shared/model/connection';

/** Everything needed to open a directory connection. Lives only in main (it holds the password). */
export interface ConnectionSettings {
  /** Tried in order; the first that connects and binds wins. */
  urls: string[];
  bindDN: string;
  password: string;
  tlsMode: TlsMode;
  caCertificatePem?: string;
  tlsServerName?: string;
  connectTimeoutMs?: number;
  operationTimeoutMs?: number;
  /** Connect over a Unix socket instead of TCP (ldapi, Samba's private socket). */
  socketPath?: string;
  /** Requests outstanding at once on the main connection (default maxInFlight, 64). */
  maxInFlight?: number;
}
