import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderPolicyTable, withPolicyTable } from '../../../main/policy/policy-table';

describe('the role table in docs/isolation.md', () => {
  it('is the one generated from the access policy (run npm run docs:policy after changing the policy)', async () => {
    const docs = await readFile('docs/isolation.md', 'utf8');
    expect(withPolicyTable(docs)).toBe(docs);
  });

  it('shows each role with its granted rows and the conditions', () => {
    const table = renderPolicyTable();
    for (const role of ['host-admin', 'helpdesk', 'tenant-admin', 'tenant-user', 'mail-service', 'anonymous']) expect(table).toContain(`### ${role} (`);
    expect(table).toContain('| tenant | mailbox | quota | ✓ | ');
    expect(table).toMatch(/\| tenant \| mailbox \| quota \|[^\n]*✓ within-pool/);
    expect(table).toContain('Nothing is granted: every cell is denied.');
  });
});
