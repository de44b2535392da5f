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
  /**
   * How long a server may stay silent: a new connection's bind must be answered within it (else the URL counts as
   * unreachable and the next is tried), and a request outstanding that long makes the console check that the
   * server still answers at all (default defaultResponseTimeoutMs).
   */
  responseTimeoutMs?: number;
  /** The longest any one request may take when the server does answer probes (default 60 s). */
  operationTimeoutMs?: number;
  /** Connect over a Unix socket instead of TCP (ldapi, Samba's private socket). */
  socketPath?: string;
  /** Requests outstanding at once on the main connection (default maxInFlight, 64). */
  maxInFlight?: number;
  /** With maxInFlight reached, waiting requests go out together once this many slots are free (default 1; InFlightLimit). */
  inFlightBatch?: number;
}
