/**
 * An LDAP proxy in front of a test server that drops a connection at one chosen request: a real interruption
 * (both sockets closed, as a lost network would), placed exactly. It reads the LDAP message framing (BER:
 * SEQUENCE { messageID, protocolOp, … }) of the stream, so a rule can name the operation and the attribute or
 * entry it is waiting for. Either the request is lost (never reaches the server), or its answer is (the server
 * applied it; the client never hears so), or the server falls silent (the request goes through, and from then on
 * no answer on that connection comes back, while the connection stays open). In front of a DC it terminates TLS
 * and presents the DC's own certificate, so the client verifies as usual; in front of slapd it is plain TCP.
 * It can also hold one request back (everything else on the connection still flows, so the client's liveness
 * checks are answered) until the test lets it go: a job stopped at a chosen row for as long as a test needs.
 */
import net from 'node:net';
import tls from 'node:tls';

/** LDAP protocolOp tags ([APPLICATION n]) of the requests a rule may wait for. */
export const ldapOps = { modify: 0x66, add: 0x68, delete: 0x4a, modifyDn: 0x6c } as const;

/** One LDAP request as the client sent it. */
export interface LdapRequest {
  messageId: number;
  op: number;
  /** The entry it names (the first string of add, modify and delete). */
  dn: string;
  /** The whole message, to look for attribute names in. */
  bytes: Buffer;
}

/**
 * Where to cut: at the first request `matches` accepts. `request`: it never arrives; `answer`: it is applied and
 * the connection closes before its answer; `silence`: it is applied, and the connection stays open with no answer
 * to it or to anything after it (a hung server, as the client sees it).
 */
export interface CutRule {
  matches(request: LdapRequest): boolean;
  lose: 'request' | 'answer' | 'silence';
  /** From the cut on, refuse new connections (the server is gone for the client) until `acceptAgain()`. */
  thenRefuse?: boolean;
}

/** A request held back by `holdAt`: `held` resolves when it arrives; `release()` sends it on (at once if already held). */
export interface HeldRequest {
  held: Promise<LdapRequest>;
  release(): void;
}

export interface LdapCutProxy {
  url: string;
  /** Arms one cut; resolves with the request it cut at. */
  cutAt(rule: CutRule): Promise<LdapRequest>;
  /** Holds the first request `matches` accepts until `release()`; every other message goes through meanwhile. */
  holdAt(matches: (request: LdapRequest) => boolean): HeldRequest;
  /** Accepts new connections again after a rule with `thenRefuse`. */
  acceptAgain(): void;
  /** Collects every request forwarded from now on, until the returned function is called. */
  record(): { requests: LdapRequest[]; stop(): void };
  close(): Promise<void>;
}

/** An LDAPS server (a DC) with the key and certificate it presents. */
export interface TlsTarget {
  host: string;
  port: number;
  caPem: string;
  serverName: string;
  keyPem: string;
  certPem: string;
}

/** A plain LDAP server (slapd on loopback). */
export interface PlainTarget {
  host: string;
  port: number;
}

/** Starts the proxy on a free loopback port in front of `target`: LDAPS when it has a key and certificate, else plain. */
export async function startLdapCutProxy(target: TlsTarget | PlainTarget): Promise<LdapCutProxy> {
  let armed: { rule: CutRule; resolve(request: LdapRequest): void } | null = null;
  let hold: { matches(request: LdapRequest): boolean; arrived(request: LdapRequest, send: () => void): void } | null = null;
  const recorders = new Set<LdapRequest[]>();
  const sockets = new Set<net.Socket>();
  const secure = 'certPem' in target;
  let refusing = false;
  const onClient = (client: net.Socket) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = secure
      ? tls.connect({ host: target.host, port: target.port, ca: [target.caPem], servername: target.serverName, minVersion: 'TLSv1.2' })
      : net.connect({ host: target.host, port: target.port });
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    // A lost request: the client's side goes at once, but what was forwarded before it still reaches the server
    // (a network dies after those packets left): the server side closes once the last of them is answered.
    let closeUpstreamAfter: number | null = null;
    let lastForwarded: number | null = null;
    const onClientGone = () => {
      if (closeUpstreamAfter === null) drop();
    };
    client.on('error', onClientGone).on('close', onClientGone);
    upstream.on('error', drop).on('close', drop);
    let answerToLose: number | null = null;
    let silent = false;
    splitMessages(client, (message) => {
      // Nothing after a lost request gets through (it may share the lost request's packet).
      if (closeUpstreamAfter !== null || client.destroyed) return;
      const request = readRequest(message);
      const cut = armed && request && armed.rule.matches(request) ? armed : null;
      if (cut && request) {
        armed = null;
        cut.resolve(request);
        if (cut.rule.thenRefuse) refusing = true;
        if (cut.rule.lose === 'request') {
          if (lastForwarded === null) return drop();
          closeUpstreamAfter = lastForwarded;
          client.destroy();
          return;
        }
        if (cut.rule.lose === 'silence') silent = true;
        else answerToLose = request.messageId;
      }
      if (request) for (const requests of recorders) requests.push(request);
      const holding = hold && request && hold.matches(request) ? hold : null;
      if (holding && request) {
        hold = null;
        holding.arrived(request, () => {
          if (!upstream.destroyed) upstream.write(message);
        });
        return;
      }
      if (request) lastForwarded = request.messageId;
      upstream.write(message);
    });
    splitMessages(upstream, (message) => {
      if (closeUpstreamAfter !== null) {
        if (messageIdOf(message) === closeUpstreamAfter) drop();
        return;
      }
      if (silent) return;
      if (answerToLose !== null && messageIdOf(message) === answerToLose) return drop();
      client.write(message);
    });
  };
  const server = secure ? tls.createServer({ key: target.keyPem, cert: target.certPem }, onClient) : net.createServer(onClient);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${secure ? 'ldaps' : 'ldap'}://127.0.0.1:${port}`,
    cutAt: (rule) => new Promise((resolve) => (armed = { rule, resolve })),
    holdAt: (matches) => {
      let released = false;
      let send: (() => void) | null = null;
      let arrived!: (request: LdapRequest) => void;
      const held = new Promise<LdapRequest>((resolve) => (arrived = resolve));
      hold = {
        matches,
        arrived: (request, sendIt) => {
          if (released) sendIt();
          else send = sendIt;
          arrived(request);
        },
      };
      return {
        held,
        release: () => {
          released = true;
          send?.();
          send = null;
        },
      };
    },
    acceptAgain: () => {
      refusing = false;
    },
    record: () => {
      const requests: LdapRequest[] = [];
      recorders.add(requests);
      return { requests, stop: () => recorders.delete(requests) };
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls `onMessage` with each whole BER message read from `socket`. */
function splitMessages(socket: net.Socket, onMessage: (message: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    for (;;) {
      const header = readHeader(pending, 0);
      if (!header || pending.length < header.end) return;
      const message = pending.subarray(0, header.end);
      pending = pending.subarray(header.end);
      onMessage(message);
      if (socket.destroyed) return;
    }
  });
}

/** A BER tag-length header at `offset`: where its content starts and ends; null while incomplete. */
function readHeader(buffer: Buffer, offset: number): { tag: number; start: number; end: number } | null {
  if (buffer.length < offset + 2) return null;
  const tag = buffer[offset] ?? 0;
  const first = buffer[offset + 1] ?? 0;
  if (first < 0x80) return { tag, start: offset + 2, end: offset + 2 + first };
  const octets = first & 0x7f;
  if (buffer.length < offset + 2 + octets) return null;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + (buffer[offset + 2 + i] ?? 0);
  return { tag, start: offset + 2 + octets, end: offset + 2 + octets + length };
}

function messageIdOf(message: Buffer): number | null {
  const outer = readHeader(message, 0);
  const id = outer && readHeader(message, outer.start);
  if (!id) return null;
  let value = 0;
  for (let i = id.start; i < id.end; i++) value = value * 256 + (message[i] ?? 0);
  return value;
}

function readRequest(message: Buffer): LdapRequest | null {
  const outer = readHeader(message, 0);
  const id = outer && readHeader(message, outer.start);
  const op = id && readHeader(message, id.end);
  const messageId = messageIdOf(message);
  if (!op || messageId === null) return null;
  // delete's DN is the op's whole (primitive) content; add's and modify's is its first string.
  const name = op.tag === ldapOps.delete ? op : readHeader(message, op.start);
  const dn = name ? message.subarray(name.start, name.end).toString('utf8') : '';
  return { messageId, op: op.tag, dn, bytes: message };
}
