/** Checks the journal's hash chain from the first line: each line's own hash, its link to the line before, its seq. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditVerification } from '../../shared/model/audit';
import { genesisHash, lineHash, type JournalLine } from './journal-line';

/** Reads the whole journal once; names the first line that breaks the chain. A missing journal is intact and empty. */
export async function verifyJournal(path: string): Promise<AuditVerification> {
  const started = Date.now();
  const exists = await stat(path).then(() => true, () => false);
  const report = (records: number, firstBroken: AuditVerification['firstBroken']): AuditVerification => ({
    journal: path,
    records,
    intact: firstBroken === null,
    firstBroken,
    elapsedMs: Date.now() - started,
  });
  if (!exists) return report(0, null);
  let previous = genesisHash;
  let expectedSeq = 1;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      let line: JournalLine;
      try {
        line = JSON.parse(raw) as JournalLine;
      } catch {
        return report(lineNumber - 1, { line: lineNumber, seq: null, reason: 'the line is not valid JSON (damaged or truncated)' });
      }
      const seq = typeof line.seq === 'number' ? line.seq : null;
      if (line.hash !== lineHash(line)) {
        return report(lineNumber - 1, { line: lineNumber, seq, reason: 'its content does not match its own hash (the record was altered)' });
      }
      if (line.prev !== previous) {
        return report(lineNumber - 1, { line: lineNumber, seq, reason: 'its link does not match the hash of the record before it (a record was altered, removed or inserted before it)' });
      }
      if (seq !== expectedSeq) {
        return report(lineNumber - 1, { line: lineNumber, seq, reason: `its sequence number is ${seq}, expected ${expectedSeq}` });
      }
      previous = line.hash;
      expectedSeq += 1;
    }
  } finally {
    lines.close();
  }
  return report(lineNumber, null);
}
