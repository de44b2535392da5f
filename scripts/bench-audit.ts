/**
 * `npm run bench:audit`: the console journal at 1,000,000 records. Writes a valid chained journal of
 * 500,000 changes (intent + outcome each) over 30 days straight to disk (appending through AuditJournal,
 * with an fsync per line, would take hours), builds the time index, then times what the viewer does:
 * the newest page, a page for one tenant, a one-hour window a week back, and a full chain verification.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditJournal } from '../main/audit/audit-journal';
import { canonicalJson } from '../main/audit/canonical-json';
import { rebuildIndex } from '../main/audit/journal-index';
import { genesisHash, lineHash, type JournalLine } from '../main/audit/journal-line';
import { readJournalPage } from '../main/audit/journal-reader';
import { verifyJournal } from '../main/audit/journal-verify';
import { reconcileJournal } from '../main/audit/reconcile';

const changes = Number(process.env['BENCH_CHANGES'] ?? 500_000);
const spanMs = 30 * 24 * 3600_000;

async function writeJournal(path: string): Promise<number> {
  const out = createWriteStream(path);
  const start = Date.now() - spanMs;
  let prev = genesisHash;
  let seq = 0;
  for (let n = 0; n < changes; n++) {
    const tenant = `tenant-${String(n % 1000).padStart(4, '0')}`;
    const time = new Date(start + Math.floor((n / changes) * spanMs)).toISOString();
    const base = {
      v: 1 as const,
      actor: 'uid=admin,ou=people,ou=host,dc=hosting,dc=test',
      workstation: 'bench',
      tenant,
      operation: 'updateMailbox',
      callId: null,
      kind: 'modify' as const,
      target: `uid=u${n},ou=mailboxes,ou=${tenant},ou=tenants,dc=hosting,dc=test`,
      newTarget: null,
      changes: [{ attribute: 'sn', op: 'replace' as const, before: ['Old'], after: [`New ${n}`] }],
      time,
      error: null,
    };
    const intentSeq = seq + 1;
    for (const phase of ['intent', 'outcome'] as const) {
      seq += 1;
      const unhashed: Omit<JournalLine, 'hash'> = { ...base, seq, prev, phase, intentSeq, result: phase === 'intent' ? 'pending' : 'ok' };
      const line = { ...unhashed, hash: lineHash(unhashed) };
      prev = line.hash;
      if (!out.write(`${canonicalJson(line)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return seq;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const at = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - at), value };
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'enclave-bench-audit-'));
  const path = join(folder, 'journal.jsonl');
  try {
    const written = await timed(() => writeJournal(path));
    const index = await timed(() => rebuildIndex(path));
    const newest = await timed(() => readJournalPage(path, {}, null, 100));
    const next = await timed(() => readJournalPage(path, {}, newest.value.hits.at(-1)?.after ?? null, 100));
    const oneTenant = await timed(() => readJournalPage(path, { tenant: 'tenant-0042' }, null, 100));
    const weekAgo = Date.now() - 7 * 24 * 3600_000;
    const window = await timed(() => readJournalPage(path, { since: new Date(weekAgo).toISOString(), until: new Date(weekAgo + 3600_000).toISOString() }, null, 1000));
    const rareText = await timed(() => readJournalPage(path, { text: 'New 17' }, null, 5));
    const verify = await timed(() => verifyJournal(path));
    // The same pass with a checkpoint at every 1,000th record (the anchors compared in memory).
    const checkpoints = Array.from({ length: Math.floor(written.value / 1000) }, (_, i) => ({ consoleId: verify.value.consoleId ?? '', seq: (i + 1) * 1000, hash: '', time: new Date().toISOString(), workstation: 'bench', author: null, dn: '' }));
    const anchored = await timed(() => verifyJournal(path, { checkpoints: async () => checkpoints }));
    const journal = new AuditJournal(path);
    // Reconciliation on connect: the first pass scans the whole journal, later ones only what was appended since.
    const noReadBack = { actor: 'uid=admin,ou=people,ou=host,dc=hosting,dc=test', readBack: async () => ({ finding: 'unknown' as const, detail: '' }) };
    const reconcileFirst = await timed(() => reconcileJournal(journal, noReadBack));
    const reconcileNext = await timed(() => reconcileJournal(journal, noReadBack));
    const append = await timed(async () => {
      for (let n = 0; n < 20; n++) await journal.recordIntent({ actor: 'a', workstation: 'w', tenant: null, operation: 'bench', callId: null, kind: 'modify', target: 'cn=x', newTarget: null, changes: [] });
    });
    process.stdout.write(
      `${JSON.stringify(
        {
          records: written.value,
          bytes: (await stat(path)).size,
          writeMs: written.ms,
          indexEntries: index.value.length,
          indexRebuildMs: index.ms,
          newestPage100Ms: newest.ms,
          secondPage100Ms: next.ms,
          oneTenantPage100Ms: { ms: oneTenant.ms, hits: oneTenant.value.hits.length },
          oneHourWindowWeekAgoMs: { ms: window.ms, hits: window.value.hits.length },
          fullTextNearEndOfFileMs: { ms: rareText.ms, hits: rareText.value.hits.length },
          verifyMs: { ms: verify.ms, intact: verify.value.intact },
          verifyWithCheckpointsMs: { ms: anchored.ms, checkpoints: checkpoints.length, anchor: anchored.value.anchor.state },
          reconcileFirstPassMs: reconcileFirst.ms,
          reconcileNextPassMs: reconcileNext.ms,
          appendWithFsyncMsEach: append.ms / 20,
        },
        null,
        2,
      )}\n`,
    );
    if (!verify.value.intact) process.exitCode = 1;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
