/**
 * Auditing of every imported row. `RowAuditSink` is the seam for the directory-wide audit journal (a later
 * issue); until then each job writes its own JSONL log. Passwords never reach an audit event.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { PlanAction, PlannedRow } from '../../shared/model/bulk-import';
import type { RowOutcome } from './csv-report';

/** One row's audit record. */
export interface RowAuditEvent {
  time: string;
  jobId: string;
  tenant: string;
  /** The bound identity that wrote. */
  actor: string;
  row: number;
  login: string;
  dn: string;
  /** What the plan said, and what happened. */
  action: PlanAction;
  outcome: RowOutcome;
  changes: PlannedRow['changes'];
  message: string;
}

/** Where row audit events go; events arrive in batches (one per chunk of rows). */
export interface RowAuditSink {
  record(events: readonly RowAuditEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Appends events as JSON lines to one file (the job's audit.jsonl). */
export class JsonlAuditSink implements RowAuditSink {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<JsonlAuditSink> {
    return new JsonlAuditSink(await open(path, 'a', 0o600));
  }

  async record(events: readonly RowAuditEvent[]): Promise<void> {
    if (events.length > 0) await this.handle.appendFile(events.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
  }

  async close(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }
}
