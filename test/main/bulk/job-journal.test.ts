/**
 * The job journal on disk: row results (the last one per row wins) and the started-create marks that tell resume
 * which rows were cut off mid-create (the last line per row decides).
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowResult } from '../../../main/bulk/csv-report';
import { JobJournal } from '../../../main/bulk/job-journal';

let dir: string;
let file = '';
let n = 0;
const fresh = () => (file = path.join(dir, `journal-${++n}.jsonl`));
const result = (row: number, outcome: RowResult['outcome'], message = ''): RowResult => ({ row, login: `u${row}`, outcome, changes: [], message });
const row = (number: number) => ({ row: number, login: `u${number}` });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'enclave-job-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JobJournal', () => {
  it('a started create is unfinished until a result for its row follows; marks never hide a result', async () => {
    fresh();
    const journal = await JobJournal.open(file);
    expect([...journal.unfinishedCreates]).toEqual([]);
    await journal.markCreatesStarted([row(2), row(3), row(4), row(5)]);
    // Row 2 done; row 3 failed before its entry existed; row 4 failed with its entry half-made (marked again); row 5 cut off.
    await journal.append([result(2, 'created'), result(3, 'failed', 'refused'), result(4, 'failed', 'group refused')], [row(4)]);
    await journal.close();

    const reopened = await JobJournal.open(file);
    expect([...reopened.unfinishedCreates].sort()).toEqual([4, 5]);
    await reopened.close();
    const results = await JobJournal.read(file);
    expect([...results.keys()].sort()).toEqual([2, 3, 4]);
    expect(results.get(4)).toMatchObject({ outcome: 'failed', message: 'group refused' });
  });

  it('a resume that completes the row ends it; a torn last line counts for nothing', async () => {
    fresh();
    const first = await JobJournal.open(file);
    await first.markCreatesStarted([row(7), row(8)]);
    await first.close();
    const second = await JobJournal.open(file);
    expect([...second.unfinishedCreates].sort()).toEqual([7, 8]);
    await second.append([result(7, 'created', 'Created in two runs')]);
    await second.close();
    await appendFile(file, '{"row":8,"login":"u8","outcome":"crea');
    const third = await JobJournal.open(file);
    expect([...third.unfinishedCreates]).toEqual([8]);
    await third.close();
    expect([...(await JobJournal.read(file)).keys()]).toEqual([7]);
  });

  it('marks and results written at the same time stay whole lines', async () => {
    fresh();
    const journal = await JobJournal.open(file, 0);
    const rows = Array.from({ length: 200 }, (_, i) => i + 1);
    await Promise.all([
      ...rows.filter((r) => r % 2 === 0).map((r) => journal.markCreatesStarted([row(r)])),
      ...rows.filter((r) => r % 2 === 1).map((r) => journal.append([result(r, 'updated', 'x'.repeat(2_000))])),
    ]);
    await journal.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(200);
    expect(lines.every((line) => typeof (JSON.parse(line) as { row: unknown }).row === 'number')).toBe(true);
  });
});
