/**
 * Anchors the journal's head in the directory after outcomes: a new checkpoint entry (console id, seq, hash,
 * time, workstation) below the checkpoint container. Outcomes that come while one is being written, or within
 * `anchorEveryMs` of the last, are covered by one trailing checkpoint of the newest head (a bulk job's chunks, a
 * burst of edits). A checkpoint that cannot be written never fails the change: the problem is kept for the
 * viewer and `audit verify`, and the next outcome tries again.
 */
import { hostname } from 'node:os';
import { toEnclaveError } from '../directory/ldap-errors';
import type { AuditJournal } from './audit-journal';
import { checkpointDn, checkpointEntry } from './checkpoint-store';
import { readConsoleId } from './journal-identity';
import type { JournalLine } from './journal-line';

const reported = new Set<string>();

/** Writes one entry without journaling it (a checkpoint is not a change). */
export type AddEntry = (dn: string, attributes: Record<string, string | string[]>) => Promise<void>;

export class CheckpointWriter {
  private newest: JournalLine | null = null;
  private anchoredSeq = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastWriteAt = 0;
  private container: string | null = null;
  /** Why the last checkpoint could not be written (null once one is). */
  problem: string | null = null;
  private readonly stop: () => void;

  constructor(
    private readonly journal: AuditJournal,
    private readonly add: AddEntry,
    private readonly workstation: string = hostname(),
  ) {
    this.stop = journal.onLine((line) => {
      if (line.phase !== 'intent') this.note(line);
    });
  }

  /** Where checkpoints go; nothing is written before this is known (after the server was identified). */
  anchorIn(container: string): void {
    this.container = container;
    if (this.newest !== null) this.schedule();
  }

  /** Writes what is pending now and waits for it. */
  async settled(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.start();
    }
    while (this.running !== null) await this.running;
  }

  /** Writes what is pending and stops listening. */
  async dispose(): Promise<void> {
    await this.settled();
    this.stop();
  }

  private note(line: JournalLine): void {
    if (line.seq <= this.anchoredSeq || (this.newest !== null && line.seq <= this.newest.seq)) return;
    this.newest = line;
    this.schedule();
  }

  private schedule(): void {
    if (this.container === null || this.running !== null || this.timer !== null || this.newest === null) return;
    const wait = this.lastWriteAt + this.journal.anchorEveryMs - Date.now();
    if (wait <= 0) this.start();
    else
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, wait);
  }

  private start(): void {
    if (this.running !== null || this.newest === null) return;
    this.running = this.write().finally(() => {
      this.running = null;
      this.schedule();
    });
  }

  private async write(): Promise<void> {
    const line = this.newest;
    const container = this.container;
    if (line === null || container === null) return;
    this.newest = null;
    this.lastWriteAt = Date.now();
    try {
      const consoleId = await readConsoleId(this.journal.path);
      if (consoleId === null) return;
      const facts = { consoleId, seq: line.seq, hash: line.hash, time: new Date().toISOString(), workstation: this.workstation };
      await this.add(checkpointDn(container, consoleId, line.seq), checkpointEntry(facts));
      this.anchoredSeq = Math.max(this.anchoredSeq, line.seq);
      this.problem = null;
    } catch (error) {
      const mapped = toEnclaveError(error);
      // Another process sharing the journal anchored this very head already: that is the anchor we wanted.
      if (mapped.kind === 'already-exists') {
        this.anchoredSeq = Math.max(this.anchoredSeq, line.seq);
        return;
      }
      const message =
        mapped.kind === 'not-found'
          ? `This directory has no checkpoint container ${container}: the journal is not anchored here (docs/audit.md, "Anchors", says how to set one up).`
          : `Checkpoints of the journal cannot be written to ${container}: ${mapped.message}`;
      // Said once per process and reason: a directory without the container is a set-up fact, not news at every change.
      if (!reported.has(message)) console.error(`audit journal: ${message} (record ${line.seq} is not anchored)`);
      reported.add(message);
      this.problem = message;
    }
  }
}
