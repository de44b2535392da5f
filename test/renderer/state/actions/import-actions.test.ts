import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import { reportUnsaved } from '../../../../renderer/state/import-report';
import { storeWithAlpha } from './setup';

describe('import actions', () => {
  it('importReportCsv() records the generated passwords the report holds, until it is downloaded', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('importReportCsv', () => ok({ fileName: 'report.csv', csv: 'row,login,result,changes,generated password,message\r\n2,ada,created,,Xk9-q7Lm,\r\n3,bo,created,,,\r\n' }));
    const result = await store.actions.importReportCsv({ jobId: 'imp-1' });
    expect(result.ok).toBe(true);
    expect(store.getState().importReports['imp-1']).toEqual({ generatedPasswords: 1, downloaded: false });
    expect(reportUnsaved(store.getState().importReports['imp-1'])).toBe(true);

    store.actions.importReportDownloaded('imp-1');
    expect(reportUnsaved(store.getState().importReports['imp-1'])).toBe(false);
    // Reading it again later does not forget that it was saved.
    await store.actions.importReportCsv({ jobId: 'imp-1' });
    expect(store.getState().importReports['imp-1']).toEqual({ generatedPasswords: 1, downloaded: true });
  });
});
