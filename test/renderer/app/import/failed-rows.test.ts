import { describe, expect, it } from 'vitest';
import { mergeFailedRows, noFailedRows, shownFailedRows } from '../../../../renderer/app/import/failed-rows';
import { failedRowsListed, type FailedImportRow, type ImportProgress } from '../../../../shared/model/bulk-import';

const base: ImportProgress = { jobId: 'imp-1', tenant: 'Acme', state: 'running', done: 0, total: 10_000, fileRows: 10_000, rejected: 0, created: 0, updated: 0, unchanged: 0, failed: 0, ratePerSec: 0, etaSeconds: null };
const failure = (row: number, message = `refused ${row}`): FailedImportRow => ({ row, login: `user${row}`, message });
/** An event whose chunk failed `rows`. */
const event = (failed: number, rows: FailedImportRow[], recoveredRows?: number[]): ImportProgress => ({ ...base, failed, failedRows: rows, ...(recoveredRows ? { recoveredRows } : {}) });

describe('failed rows of the import dialog', () => {
  describe('#mergeFailedRows()', () => {
    it('keeps one entry per row: a row failing again replaces its reason, a recovered row leaves', () => {
      let list = mergeFailedRows(noFailedRows, event(2, [failure(3), failure(5)]));
      list = mergeFailedRows(list, event(3, [failure(5, 'refused again'), failure(9)], [3]));
      expect(shownFailedRows(list, 2)).toEqual({ rows: [failure(5, 'refused again'), failure(9)], more: 0 });
    });

    it('returns the same list when an event brings nothing, so the dialog does not re-render it', () => {
      const list = mergeFailedRows(noFailedRows, event(1, [failure(2)]));
      expect(mergeFailedRows(list, { ...base, failed: 1 })).toBe(list);
      expect(mergeFailedRows(list, event(1, [], [7]))).toBe(list);
    });

    it('holds at most failedRowsListed rows of 10,000 failures and counts the rest as in the report', () => {
      let list = noFailedRows;
      for (let chunk = 0; chunk < 20; chunk++) {
        const rows = Array.from({ length: 500 }, (_, i) => failure(2 + chunk * 500 + i));
        list = mergeFailedRows(list, event((chunk + 1) * 500, rows));
      }
      const shown = shownFailedRows(list, 10_000);
      expect(shown.rows).toHaveLength(failedRowsListed);
      expect(shown.rows[0]).toEqual(failure(2));
      expect(shown.more).toBe(10_000 - failedRowsListed);
      // A listed row that fails again still updates in place when the list is full.
      list = mergeFailedRows(list, event(10_000, [failure(2, 'refused again'), failure(20_000)]));
      expect(shownFailedRows(list, 10_000).rows[0]?.message).toBe('refused again');
      expect(list.has(20_000)).toBe(false);
    });
  });
});
