/**
 * A small LMTP client (RFC 2033): one message to some recipients over one connection, with every reply code kept.
 * LMTP answers the message once per accepted recipient, so quota and disabled-mailbox refusals are seen per
 * mailbox. Used to deliver the sandbox's demo mail and by the tests; Postfix is the real client in production.
 */
import { connect, type Socket } from 'node:net';
import { failure } from '../../shared/errors';

export interface LmtpReply {
  code: number;
  text: string;
}

export interface LmtpDelivery {
  /** The RCPT reply per recipient, in order. */
  recipients: { address: string; reply: LmtpReply }[];
  /** The reply after the message, per accepted recipient (none when no recipient was accepted). */
  delivered: { address: string; reply: LmtpReply }[];
}

export interface LmtpMessage {
  from: string;
  to: readonly string[];
  /** The message (headers and body); line ends become CRLF and leading dots are doubled. */
  content: string;
  /** Announced with MAIL FROM (SIZE=): what Postfix sends. */
  size?: number;
  /** Connect from this local address (each test its own: Dovecot's failure penalty is per client address). */
  localAddress?: string;
}

/** Reads replies off the socket, one complete (possibly multi-line) reply at a time. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((reply: LmtpReply) => void) | null = null;
  private failed: Error | null = null;
  private onError: ((error: Error) => void) | null = null;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      this.deliver();
    });
    const fail = (error: Error) => {
      this.failed = error;
      this.onError?.(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('The LMTP server closed the connection.')));
  }

  next(): Promise<LmtpReply> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.onError = reject;
      this.deliver();
      if (this.waiting !== null && this.failed) reject(this.failed);
    });
  }

  private deliver(): void {
    const last = this.lines.findIndex((line) => /^\d{3}(?: |$)/.test(line));
    if (last < 0 || this.waiting === null) return;
    const reply = this.lines.splice(0, last + 1);
    const final = reply[reply.length - 1] ?? '';
    const resolve = this.waiting;
    this.waiting = null;
    resolve({ code: Number(final.slice(0, 3)), text: reply.map((line) => line.slice(4)).join('\n') });
  }
}

/** Delivers one message; throws only when the conversation itself fails (not for refused recipients). */
export async function deliverLmtp(host: string, port: number, message: LmtpMessage): Promise<LmtpDelivery> {
  const socket = connect({ host, port, ...(message.localAddress ? { localAddress: message.localAddress } : {}) });
  const replies = new ReplyReader(socket);
  const send = async (line: string, expect?: number) => {
    socket.write(`${line}\r\n`);
    const reply = await replies.next();
    if (expect !== undefined && reply.code !== expect) throw failure({ kind: 'internal', message: `LMTP "${line.split(':')[0]}" was answered ${reply.code} ${reply.text}` });
    return reply;
  };
  try {
    const greeting = await replies.next();
    if (greeting.code !== 220) throw failure({ kind: 'internal', message: `The LMTP server greeted with ${greeting.code} ${greeting.text}` });
    await send('LHLO enclave.invalid', 250);
    const size = message.size === undefined ? '' : ` ${['SIZE', String(message.size)].join('=')}`;
    await send(`MAIL FROM:<${message.from}>${size}`, 250);
    const recipients: LmtpDelivery['recipients'] = [];
    for (const address of message.to) recipients.push({ address, reply: await send(`RCPT TO:<${address}>`) });
    const accepted = recipients.filter((r) => r.reply.code === 250).map((r) => r.address);
    const delivered: LmtpDelivery['delivered'] = [];
    if (accepted.length > 0) {
      await send('DATA', 354);
      const body = message.content.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
      for (const address of accepted) delivered.push({ address, reply: await replies.next() });
    }
    socket.write('QUIT\r\n');
    return { recipients, delivered };
  } finally {
    socket.end();
    socket.destroy();
  }
}

/** A plain text message of about `bytes` bytes (for quota tests and demo mail). */
export function textMessage(from: string, to: string, subject: string, bytes: number): string {
  const headers = [`From: <${from}>`, `To: <${to}>`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@enclave.invalid>`, ''].join('\r\n');
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.\r\n';
  const lines = Math.max(1, Math.ceil((bytes - headers.length) / line.length));
  return `${headers}\r\n${line.repeat(lines)}`;
}
