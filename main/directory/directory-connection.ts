/**
 * A held, reusable connection to one directory. Tries the profile's servers in order, binds, and
 * re-establishes itself on the next use after a drop (reads retry once; writes never retry blindly,
 * because a write that was sent may have been applied). Every search is paged. A server that accepts
 * connections but does not answer is found within the response timeout, not the 60 s operation timeout:
 * its bind must answer in time, and a request outstanding that long makes a liveness probe of the server.
 */
import net from 'node:net';
import tls, { type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { Client, ResultCodeError, type Change, type Control, type Entry, type Filter, type SearchOptions } from 'ldapts';
import { failure, type EnclaveError } from '../../shared/errors';
import type { ConnectionState } from '../../shared/model/connection';
import type { AuditChange } from '../../shared/model/audit';
import type { ConnectionSettings } from './connection-settings';
import { InFlightLimit } from './in-flight-limit';
import { PagingLanes } from './paging-lanes';
import { isConnectionError, NoResponseError, toEnclaveError } from './ldap-errors';
import { classifyWriteError, markDelivery } from './write-delivery';

export type ConnectionStateListener = (state: ConnectionState, url: string | null, message?: string) => void;

export interface SearchRequest {
  filter?: Filter | string;
  scope?: 'base' | 'one' | 'sub';
  attributes?: string[];
  /** Entries per page (server-side paging control). */
  pageSize?: number;
  /** Stop after this many entries in total. */
  limit?: number;
  /** Attributes returned as raw bytes (Buffer), e.g. objectSid or nTSecurityDescriptor on Active Directory. */
  binaryAttributes?: string[];
  /** Request controls sent with the search (e.g. AD's SD_FLAGS). */
  controls?: Control[];
}

/** Default page size: below AD's and our sandbox's 1,000-entry server limit. */
export const defaultPageSize = 500;

/** Entries an unpaged search may return before a paged one is started: below every server's own size limit. */
export const unpagedFirst = 200;

/** Requests outstanding at once on one connection (see InFlightLimit). */
export const maxInFlight = 64;

/** Paged searches running at once, each on its own connection (see PagingLanes). */
export const maxPagedSearches = 8;

/** How long a server may leave a bind or a liveness probe unanswered (a profile may set its own). */
export const defaultResponseTimeoutMs = 5_000;

export class DirectoryConnection {
  private client: Client | null = null;
  private activeUrl: string | null = null;
  private opening: Promise<Client> | null = null;
  private disposed = false;
  private readonly limit: InFlightLimit;
  /**
   * Per client, how to fail each request waiting on it. ldapts can leave a request sent while its socket dies
   * unanswered until the operation timeout (60 s; seen with slapd killed under 16 pipelined adds): when the client
   * is dropped, the others fail at once. (A set each request leaves when it settles: a shared "lost" promise
   * would keep one reaction per request ever made on a long-lived connection.)
   */
  private readonly waiting = new WeakMap<Client, Set<(error: unknown) => void>>();
  private readonly dropped = new WeakSet<Client>();
  private readonly probes = new WeakMap<Client, Promise<void>>();
  private readonly clientUrls = new WeakMap<Client, string>();
  /** The socket each client was connected on (not with StartTLS, which swaps it), for batching writes. */
  private readonly sockets = new WeakMap<Client, net.Socket>();
  /** Sockets whose writes are held until the event loop's next turn (see batchWrites). */
  private readonly corked = new WeakSet<net.Socket>();
  private readonly lanes = new PagingLanes(() => this.connectLane(), maxPagedSearches);

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly onStateChange: ConnectionStateListener = () => {},
  ) {
    this.limit = new InFlightLimit(settings.maxInFlight ?? maxInFlight, settings.inFlightBatch);
  }

  /**
   * A new, plain (never journaled) connection with the same settings, for work that journals itself at a
   * coarser grain (bulk import) and should not queue behind the UI's requests. The caller disposes it.
   */
  plainCopy(overrides: Pick<ConnectionSettings, 'maxInFlight' | 'inFlightBatch'> = {}): DirectoryConnection {
    return new DirectoryConnection({ ...this.settings, ...overrides });
  }
  /**
   * Many writes as one piece of work (a bulk action's chunk): `send` makes them on the connection it is given. A
   * journaled connection records them under one intent and one outcome (`judge` says how many failed) and sends
   * them on a plain copy; this one journals nothing and sends them on itself.
   */
  writeBatch<T>(_description: { target: string; changes: AuditChange[] }, send: (connection: DirectoryConnection) => Promise<T>, _judge: (sent: T) => { failed: number; of: number; first: string | null }): Promise<T> {
    return send(this);
  }


  /** How long a server may stay silent before it counts as unreachable. */
  get responseTimeoutMs(): number {
    return this.settings.responseTimeoutMs ?? defaultResponseTimeoutMs;
  }

  /** The server currently in use, or null when not connected. */
  get url(): string | null {
    return this.activeUrl;
  }

  get bindDN(): string {
    return this.settings.bindDN;
  }

  /** True when requests travel encrypted: StartTLS, or an ldaps:// server (Active Directory requires it for passwords). */
  get encrypted(): boolean {
    if (this.settings.tlsMode === 'starttls') return true;
    const urls = this.activeUrl ? [this.activeUrl] : this.settings.urls;
    return urls.length > 0 && urls.every((url) => url.toLowerCase().startsWith('ldaps:'));
  }

  /** Connects and binds now, so configuration errors surface at once. */
  async open(): Promise<void> {
    await this.ensureClient();
  }

  /**
   * Streams search results page by page; the caller may stop early. Small results come from one unpaged search:
   * slapd's back-mdb answers a paged subtree search in time proportional to the whole database (measured: 0.3 ms
   * unpaged, 6–7 ms paged for one tenant's 16 entries among 16,000), so a paged search is only started when the
   * unpaged one comes back full (docs/isolation.md, "Cost model").
   */
  async *searchPages(base: string, request: SearchRequest = {}): AsyncGenerator<Entry[]> {
    const options: SearchOptions = {
      scope: request.scope ?? 'sub',
      filter: request.filter ?? '(objectClass=*)',
      attributes: request.attributes ?? [],
      paged: { pageSize: Math.min(request.pageSize ?? defaultPageSize, request.limit ?? Infinity) },
      ...(request.binaryAttributes ? { explicitBufferAttributes: request.binaryAttributes } : {}),
    };
    const small = Math.min(request.limit ?? unpagedFirst, unpagedFirst);
    const first = await this.unpagedSearch(base, { ...options, paged: false, sizeLimit: small }, request.controls);
    // Fewer than asked for: that is everything (servers' own limits are higher). As many as the caller's limit: done.
    // (Samba does not always honour the size limit asked for: never hand back more than the caller's limit.)
    if (first.length < small || (request.limit !== undefined && first.length >= request.limit)) {
      const kept = request.limit === undefined ? first : first.slice(0, request.limit);
      if (kept.length > 0) yield kept;
      return;
    }
    let seen = 0;
    const client = await this.lanes.acquire().catch((error: unknown) => {
      throw this.fail(error, base);
    });
    let healthy = true;
    const pages = client.searchPaginated(base, options, request.controls)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.guarded(client, pages.next());
        if (next.done) return;
        const page = next.value;
        let entries = page.searchEntries;
        if (request.limit !== undefined && seen + entries.length > request.limit) {
          entries = entries.slice(0, request.limit - seen);
        }
        seen += entries.length;
        yield entries;
        if (request.limit !== undefined && seen >= request.limit) return;
      }
    } catch (error) {
      healthy = !isConnectionError(error);
      throw this.fail(error, base);
    } finally {
      // A search abandoned mid-way leaves paging state behind; a fresh paged search on the lane resets it.
      if (healthy) await pages.return?.(undefined).catch(() => undefined);
      this.lanes.release(client, healthy);
    }
  }

  /** One unpaged search on the held connection, at most `options.sizeLimit` entries (a larger result is cut, not an error). */
  private async unpagedSearch(base: string, options: SearchOptions, controls?: Control[]): Promise<Entry[]> {
    const client = await this.ensureClient();
    try {
      const result = await this.limit.run(() => this.guarded(client, client.search(base, options, controls)));
      return result.searchEntries;
    } catch (error) {
      throw this.fail(error, base);
    }
  }

  /** All results of a (paged) search. For bounded result sets; stream with searchPages otherwise. */
  async search(base: string, request: SearchRequest = {}): Promise<Entry[]> {
    return this.retryingRead(async () => {
      const all: Entry[] = [];
      for await (const page of this.searchPages(base, request)) all.push(...page);
      return all;
    });
  }

  /** Reads one entry, or null when it does not exist (or is invisible to this identity). */
  async read(dn: string, attributes: string[] = []): Promise<Entry | null> {
    return this.retryingRead(async () => {
      const client = await this.ensureClient();
      try {
        const result = await this.limit.run(() => this.guarded(client, client.search(dn, { scope: 'base', attributes })));
        return result.searchEntries[0] ?? null;
      } catch (error) {
        const mapped = toEnclaveError(error);
        if (mapped.kind === 'not-found') return null;
        throw this.fail(error, dn);
      }
    });
  }

  /** True when at least one entry under `base` matches. */
  async exists(base: string, filter: Filter | string): Promise<boolean> {
    const found = await this.search(base, { filter, attributes: ['1.1'], limit: 1, pageSize: 1 });
    return found.length > 0;
  }

  async add(dn: string, attributes: Record<string, string | string[]>, controls?: Control[]): Promise<void> {
    await this.write(dn, (client) => client.add(dn, attributes, controls));
  }

  async modify(dn: string, changes: Change[], controls?: Control[]): Promise<void> {
    if (changes.length === 0) return;
    await this.write(dn, (client) => client.modify(dn, changes, controls));
  }

  async delete(dn: string, controls?: Control[]): Promise<void> {
    await this.write(dn, (client) => client.del(dn, controls));
  }

  async rename(dn: string, newDn: string): Promise<void> {
    await this.write(dn, (client) => client.modifyDN(dn, newDn));
  }

  /** Closes the connection; the object can still reconnect on next use unless disposed. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.activeUrl = null;
    if (client) await client.unbind().catch(() => {});
  }

  /** Closes for good. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.close();
    await this.lanes.closeIdle();
  }

  /** Another bound connection to the server the main one uses, for a paged search. */
  private async connectLane(): Promise<Client> {
    await this.ensureClient();
    return this.connectAndBind(this.activeUrl ?? this.settings.urls[0] ?? '');
  }

  /** Sends one write; a failure carries how far the write got (write-delivery.ts), which decides what the journal records. */
  private async write(target: string, run: (client: Client) => Promise<void>): Promise<void> {
    let client: Client;
    try {
      client = await this.ensureClient();
    } catch (error) {
      markDelivery(error as object, 'not-sent');
      throw error;
    }
    try {
      await this.limit.run(() => {
        this.batchWrites(client);
        return this.guarded(client, run(client));
      });
    } catch (error) {
      const failed = this.fail(error, target);
      markDelivery(failed, classifyWriteError(error));
      throw failed;
    }
  }

  /**
   * Holds `client`'s socket writes until the event loop's next turn, so the requests one turn sends (a chunk's first
   * pipelined adds, the next ones the answers in one read free) leave in one system call instead of one each. Each
   * write wakes the server, which on a machine it shares takes the CPU from the client mid-write: a 2,000-row import
   * made 2,300 writes before, 860 now (docs/bulk-import.md). Nothing waits longer than the current turn.
   */
  private batchWrites(client: Client): void {
    const socket = this.sockets.get(client);
    if (!socket || this.corked.has(socket)) return;
    socket.cork();
    this.corked.add(socket);
    setImmediate(() => {
      this.corked.delete(socket);
      socket.uncork();
    });
  }

  /**
   * `request` on `client`, failing fast when the server falls silent: each response timeout it stays outstanding,
   * the server must answer a root DSE read; if it does not, the connection is dropped and `request` fails with
   * NoResponseError (unreachable, naming the URL). A server that is only slow answers the probe and is waited for.
   */
  private guarded<T>(client: Client, request: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      let waiting = this.waiting.get(client);
      if (!waiting) this.waiting.set(client, (waiting = new Set()));
      const requests = waiting;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        requests.delete(fail);
        return true;
      };
      function fail(error: unknown): void {
        if (settle()) reject(error as Error);
      }
      request.then((value) => {
        if (settle()) resolve(value);
      }, fail);
      // A client dropped already fails what is asked of it at once, as one dropped meanwhile fails what waits on it.
      if (this.dropped.has(client)) return fail(droppedError());
      requests.add(fail);
      const watch = () => {
        timer = setTimeout(() => {
          this.probe(client).then(
            () => {
              if (!settled) watch();
            },
            (error: unknown) => {
              fail(error);
              if (error instanceof NoResponseError) this.discardSilent(client);
            },
          );
        }, this.responseTimeoutMs);
      };
      watch();
    });
  }

  /** One root DSE read at a time per connection, which must answer within the response timeout. */
  private probe(client: Client): Promise<void> {
    let probe = this.probes.get(client);
    if (!probe) {
      const url = this.clientUrls.get(client) ?? this.activeUrl ?? this.settings.urls[0] ?? '';
      probe = answeredWithin(client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] }), this.responseTimeoutMs, () => new NoResponseError(url, this.responseTimeoutMs, 'a liveness check'))
        .then(() => undefined)
        .finally(() => this.probes.delete(client));
      this.probes.set(client, probe);
    }
    return probe;
  }

  /** A silent server's connection: the main one is dropped (reconnect tries the servers in order again). */
  private discardSilent(client: Client): void {
    if (this.client === client) this.dropClient('disconnected');
    else void client.unbind().catch(() => {});
  }

  private async retryingRead<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // A held connection may have been closed by the server (idle timeout, restart): reconnect once.
      if (!this.isDropped(error)) throw error;
      this.dropClient('reconnecting');
      return run();
    }
  }

  private isDropped(error: unknown): boolean {
    const kind = (error as { error?: EnclaveError }).error?.kind;
    return kind === 'connection-lost' || isConnectionError(error);
  }

  private fail(error: unknown, target: string) {
    if (isConnectionError(error)) this.dropClient('disconnected');
    return failure(toEnclaveError(error, { url: this.activeUrl ?? this.settings.urls[0], target }));
  }

  private dropClient(state: ConnectionState): void {
    const client = this.client;
    this.client = null;
    if (client) {
      this.dropped.add(client);
      for (const fail of [...(this.waiting.get(client) ?? [])]) fail(droppedError());
    }
    if (client) void client.unbind().catch(() => {});
    this.onStateChange(state, this.activeUrl, 'The connection was lost; reconnecting on next use.');
  }

  private async ensureClient(): Promise<Client> {
    if (this.disposed) throw failure({ kind: 'not-connected', message: 'This connection was closed.' });
    if (this.client && this.client.isConnected && this.client.isBound) return this.client;
    this.client = null;
    this.opening ??= this.connectFirstReachable().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async connectFirstReachable(): Promise<Client> {
    let lastError: EnclaveError | null = null;
    for (const url of this.settings.urls) {
      try {
        const client = await this.connectAndBind(url);
        this.client = client;
        this.activeUrl = url;
        this.onStateChange('connected', url);
        return client;
      } catch (error) {
        lastError = toEnclaveError(error, { url });
        // Wrong credentials or an untrusted certificate will not improve on the next server.
        if (lastError.kind === 'invalid-credentials' || lastError.kind === 'tls-verification-failed') break;
      }
    }
    this.activeUrl = null;
    this.onStateChange('disconnected', null, lastError?.message);
    throw failure(lastError ?? { kind: 'not-connected', message: 'No server URL is configured.' });
  }

  private async connectAndBind(url: string): Promise<Client> {
    const tlsOptions = this.tlsOptions();
    const waitMs = this.responseTimeoutMs;
    const socketPath = this.settings.socketPath;
    // The sockets are made here as ldapts would make them, and kept for batchWrites (StartTLS replaces its socket).
    const kept = <S extends net.Socket>(socket: S): S => {
      if (this.settings.tlsMode !== 'starttls') this.sockets.set(client, socket);
      return socket;
    };
    const client: Client = new Client({
      url,
      connectTimeout: this.settings.connectTimeoutMs ?? 5_000,
      timeout: this.settings.operationTimeoutMs ?? 60_000,
      ...(url.toLowerCase().startsWith('ldaps:') ? { tlsOptions, createSecureConnection: ((port: number, host: string, options: TlsConnectionOptions) => kept(tls.connect(port, host, options))) as typeof tls.connect } : {}),
      createConnection: (socketPath ? () => kept(net.connect(socketPath)) : (port: number, host: string) => kept(net.connect(port, host))) as typeof net.connect,
    });
    try {
      // A server that accepts the connection and then says nothing fails here, within the response timeout.
      if (this.settings.tlsMode === 'starttls') await answeredWithin(client.startTLS(tlsOptions), waitMs, () => new NoResponseError(url, waitMs, 'the StartTLS request')).catch((error: unknown) => {
        throw startTlsRefusal(error, url);
      });
      await answeredWithin(client.bind(this.settings.bindDN, this.settings.password), waitMs, () => new NoResponseError(url, waitMs, 'the bind'));
      this.clientUrls.set(client, url);
      return client;
    } catch (error) {
      await client.unbind().catch(() => {});
      throw error;
    }
  }

  private tlsOptions(): TlsConnectionOptions {
    return {
      minVersion: 'TLSv1.2',
      ...(this.settings.caCertificatePem ? { ca: [this.settings.caCertificatePem] } : {}),
      ...(this.settings.tlsServerName ? { servername: this.settings.tlsServerName } : {}),
    };
  }
}

/**
 * A server that answers the StartTLS request with a refusal (slapd without TLS: protocolError "unsupported extended
 * operation") has no TLS to offer: said so, with what to do, instead of the bare result code.
 */
function startTlsRefusal(error: unknown, url: string): unknown {
  if (!(error instanceof ResultCodeError)) return error;
  return failure({
    kind: 'tls-unavailable',
    url,
    serverMessage: error.message,
    message: `${url} does not offer StartTLS (it answered: ${error.message}). Use ldaps:// if the server listens for it, enable TLS on the server, or choose TLS mode "none" only on a trusted network such as this machine's loopback.`,
  });
}

const droppedError = () => new Error('Connection closed: the connection was dropped');

/** `request`, or `timeout()` thrown when it has not settled within `ms`. */
function answeredWithin<T>(request: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  return Promise.race([request, limit]).finally(() => clearTimeout(timer));
}
