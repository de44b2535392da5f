/**
 * Checks the journal from the first line: each line's own hash, its link to the line before, its seq; reports
 * a torn tail and the torn tails kept aside, the changes whose result is not known, and, given the directory's
 * checkpoints, whether the journal still holds what was anchored (dropped tail, rollback, re-chained edit).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditAnchorCheck, AuditCheckpoint, AuditConsoleSummary, AuditUnresolved, AuditVerification } from '../../shared/model/audit';
import { normalizeDn } from '../directory/dn';
import { compareWithCheckpoints } from './anchor-check';
import { readConsoleId } from './journal-identity';
import { genesisHash, lineHash, type JournalLine } from './journal-line';
import { tornTailFiles } from './journal-tail';

/** Where the directory's checkpoints come from (a connection); every checkpoint the identity may read. */
export interface AnchorSource {
  checkpoints(): Promise<AuditCheckpoint[]>;
}

const notConnected: AuditAnchorCheck = {
  state: 'not-checked',
  message: 'Not connected: the journal was not compared with its checkpoints in the directory, so a dropped tail or a rollback to an older copy would not show. Connect (or give --url) to check them.',
};

const unresolvedShown = 100;

/** Reads the whole journal once; names the first line that breaks the chain. A missing journal is intact and empty. */
export async function verifyJournal(path: string, anchors: AnchorSource | null = null): Promise<AuditVerification> {
  const started = Date.now();
  const consoleId = await readConsoleId(path);
  let checkpoints: AuditCheckpoint[] | null = null;
  let anchorProblem: string | null = null;
  if (anchors !== null) {
    checkpoints = await anchors.checkpoints().catch((error: unknown) => {
      anchorProblem = (error as { error?: { message?: string } }).error?.message ?? (error instanceof Error ? error.message : String(error));
      return null;
    });
  }
  const mine = checkpoints?.filter((checkpoint) => checkpoint.consoleId === consoleId) ?? [];
  const wanted = new Set(mine.map((checkpoint) => checkpoint.seq));

  const size = await stat(path).then((info) => info.size, () => 0);
  const torn = await tornTail(path, size);
  const chain = await readChain(path, wanted, torn !== null);

  let anchor: AuditAnchorCheck = notConnected;
  if (anchorProblem !== null) anchor = { state: 'unavailable', message: `The checkpoints in the directory could not be read: ${anchorProblem}` };
  else if (checkpoints !== null) anchor = compareWithCheckpoints(mine, { lastSeq: chain.lastSeq, at: chain.at }, (author) => chain.actors.has(dnKey(author)));
  const anchorBroken = anchor.state === 'dropped-tail' || anchor.state === 'rollback' || anchor.state === 're-chained';
  return {
    journal: path,
    consoleId,
    records: chain.records,
    intact: chain.firstBroken === null && !anchorBroken,
    firstBroken: chain.firstBroken,
    head: chain.head,
    tornTail: torn,
    quarantined: await tornTailFiles(path),
    unresolved: chain.unresolved.slice(0, unresolvedShown),
    unresolvedCount: chain.unresolved.length,
    anchor,
    consoles: checkpoints === null ? [] : summarize(checkpoints, consoleId),
    elapsedMs: Date.now() - started,
  };
}

/** The bytes after the last newline, if any: a record whose write never finished. */
async function tornTail(path: string, size: number): Promise<{ bytes: number } | null> {
  if (size === 0) return null;
  const handle = await open(path, 'r');
  try {
    const probe = Buffer.alloc(Math.min(size, 1024 * 1024));
    await handle.read(probe, 0, probe.length, size - probe.length);
    if (probe[probe.length - 1] === 0x0a) return null;
    const cut = probe.lastIndexOf(0x0a);
    return { bytes: cut < 0 ? (probe.length === size ? size : probe.length) : probe.length - cut - 1 };
  } finally {
    await handle.close();
  }
}

interface ChainRead {
  /** Every identity that wrote in the journal (normalized DN). */
  actors: Set<string>;
  records: number;
  lastSeq: number;
  head: AuditVerification['head'];
  firstBroken: AuditVerification['firstBroken'];
  at: Map<number, { hash: string; time: string }>;
  unresolved: AuditUnresolved[];
}

async function readChain(path: string, wanted: Set<number>, hasTornTail: boolean): Promise<ChainRead> {
  const read: ChainRead = { actors: new Set(), records: 0, lastSeq: 0, head: null, firstBroken: null, at: new Map(), unresolved: [] };
  const pending = new Map<number, AuditUnresolved>();
  const actorsSeen = new Set<string>();
  const exists = await stat(path).then(() => true, () => false);
  if (!exists) return read;
  let previous = genesisHash;
  let expectedSeq = 1;
  let lineNumber = 0;
  let pendingRaw: string | null = null;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  const check = (raw: string): boolean => {
    lineNumber += 1;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      read.firstBroken = { line: lineNumber, seq: null, reason: 'the line is not valid JSON (damaged)' };
      return false;
    }
    const seq = typeof line.seq === 'number' ? line.seq : null;
    if (line.hash !== lineHash(line)) {
      read.firstBroken = { line: lineNumber, seq, reason: 'its content does not match its own hash (the record was altered)' };
      return false;
    }
    if (line.prev !== previous) {
      read.firstBroken = { line: lineNumber, seq, reason: 'its link does not match the hash of the record before it (a record was altered, removed or inserted before it)' };
      return false;
    }
    if (seq !== expectedSeq) {
      read.firstBroken = { line: lineNumber, seq, reason: `its sequence number is ${seq}, expected ${expectedSeq}` };
      return false;
    }
    previous = line.hash;
    expectedSeq += 1;
    read.records += 1;
    read.lastSeq = line.seq;
    read.head = { seq: line.seq, hash: line.hash, time: line.time };
    if (wanted.has(line.seq)) read.at.set(line.seq, { hash: line.hash, time: line.time });
    if (!actorsSeen.has(line.actor)) {
      actorsSeen.add(line.actor);
      read.actors.add(dnKey(line.actor));
    }
    const about = { operation: line.operation, actor: line.actor, tenant: line.tenant, target: line.target };
    if (line.phase === 'intent') pending.set(line.seq, { seq: line.seq, time: line.time, ...about, state: 'no-outcome' });
    else if (line.result === 'unknown') pending.set(line.intentSeq, { seq: line.intentSeq, time: pending.get(line.intentSeq)?.time ?? line.time, ...about, state: 'unknown' });
    else pending.delete(line.intentSeq);
    return true;
  };
  try {
    // One line behind, so the last one can be left out when it is a torn tail (not part of the chain).
    for await (const raw of lines) {
      if (pendingRaw !== null && !check(pendingRaw)) return read;
      pendingRaw = raw;
    }
    if (pendingRaw !== null && !hasTornTail && !check(pendingRaw)) return read;
  } finally {
    lines.close();
    read.unresolved = [...pending.values()].sort((a, b) => a.seq - b.seq);
  }
  return read;
}

function dnKey(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
}

/** One row per console (journal) that anchored, newest first; the verified one marked. */
function summarize(checkpoints: readonly AuditCheckpoint[], consoleId: string | null): AuditConsoleSummary[] {
  const byConsole = new Map<string, AuditConsoleSummary>();
  for (const checkpoint of checkpoints) {
    const summary = byConsole.get(checkpoint.consoleId) ?? { consoleId: checkpoint.consoleId, workstation: checkpoint.workstation, checkpoints: 0, lastSeq: 0, lastTime: '', thisJournal: checkpoint.consoleId === consoleId };
    summary.checkpoints += 1;
    if (checkpoint.seq >= summary.lastSeq) {
      summary.lastSeq = checkpoint.seq;
      summary.lastTime = checkpoint.time;
      summary.workstation = checkpoint.workstation;
    }
    byConsole.set(checkpoint.consoleId, summary);
  }
  return [...byConsole.values()].sort((a, b) => (a.lastTime < b.lastTime ? 1 : -1));
}
