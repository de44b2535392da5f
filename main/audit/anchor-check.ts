/**
 * Compares a journal with the checkpoints its console left in the directory. The hash chain alone cannot see
 * records cut from the end, a file rolled back to an older copy, or an edit whose chain was recomputed; the
 * checkpoints can, because the journal's writer cannot change or delete them (docs/audit.md, "Anchors").
 */
import type { AuditAnchorCheck, AuditCheckpoint } from '../../shared/model/audit';

/** What the verifier read of the journal: its last seq and, for each anchored seq it holds, hash and time. */
export interface ChainFacts {
  lastSeq: number;
  at: Map<number, { hash: string; time: string }>;
}

/**
 * Judges `checkpoints` (this console's, any order) against the chain. Checkpoints added by an identity that wrote
 * nothing in this journal (`isJournalActor` false) are left out: anyone allowed to add checkpoints could add one
 * naming this console, but only its own writers' anchors say what it held.
 */
export function compareWithCheckpoints(checkpoints: readonly AuditCheckpoint[], chain: ChainFacts, isJournalActor: (author: string) => boolean = () => true): AuditAnchorCheck {
  const trusted = checkpoints.filter((checkpoint) => checkpoint.author === null || isJournalActor(checkpoint.author));
  const foreign = checkpoints.length - trusted.length;
  const foreignNote = foreign > 0 ? ` ${foreign} checkpoint${foreign === 1 ? '' : 's'} naming this journal, added by identities that never wrote in it, were left out.` : '';
  const sorted = [...trusted].sort((a, b) => a.seq - b.seq);
  const latest = sorted[sorted.length - 1];
  if (latest === undefined) {
    return { state: 'agrees', checkpoints: 0, latest: null, foreign, message: `The directory holds no checkpoint of this journal yet: nothing to compare.${foreignNote}` };
  }
  const mismatch = sorted.find((checkpoint) => checkpoint.seq <= chain.lastSeq && chain.at.get(checkpoint.seq)?.hash !== checkpoint.hash);
  if (mismatch !== undefined) {
    const held = chain.at.get(mismatch.seq);
    const checkpoint = { seq: mismatch.seq, hash: mismatch.hash, time: mismatch.time };
    const matching = sorted.filter((c) => c.seq < mismatch.seq && chain.at.get(c.seq)?.hash === c.hash).pop();
    const since = matching ? ` The last checkpoint that matches is seq ${matching.seq} (${matching.time}).` : '';
    // The record now at that place was written after the checkpoint was taken: the file went back to an older
    // copy and grew again. Written before it: the record (or one before it) was edited and re-chained.
    if (held !== undefined && Date.parse(held.time) > Date.parse(mismatch.time)) {
      return {
        state: 'rollback',
        checkpoint,
        journalSeq: mismatch.seq,
        message: `The journal was rolled back: the directory anchored record ${mismatch.seq} with hash ${short(mismatch.hash)} at ${mismatch.time}, but the record now at seq ${mismatch.seq} was written later (${held.time}), so the file was replaced by an older copy and written on since.${since}`,
      };
    }
    return {
      state: 're-chained',
      checkpoint,
      journalSeq: mismatch.seq,
      message: `A record was altered and the chain recomputed: the directory anchored record ${mismatch.seq} with hash ${short(mismatch.hash)} at ${mismatch.time}, but the journal's record ${mismatch.seq} hashes to ${short(held?.hash ?? '')}. Records up to seq ${mismatch.seq} are not what was anchored.${since}`,
    };
  }
  if (latest.seq > chain.lastSeq) {
    return {
      state: 'dropped-tail',
      checkpoint: { seq: latest.seq, hash: latest.hash, time: latest.time },
      journalSeq: chain.lastSeq,
      message: `Records are missing from the end of the journal: the directory anchored record ${latest.seq} at ${latest.time}, but the journal ends at seq ${chain.lastSeq}. Records were removed from its end, or the file was rolled back to an older copy.`,
    };
  }
  return {
    state: 'agrees',
    checkpoints: sorted.length,
    latest: { seq: latest.seq, time: latest.time },
    foreign,
    message: `The journal agrees with its ${sorted.length} checkpoint${sorted.length === 1 ? '' : 's'} in the directory (latest: record ${latest.seq} at ${latest.time}).${foreignNote}`,
  };
}

const short = (hash: string): string => hash.slice(0, 12);
