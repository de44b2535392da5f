import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnclaveFailure } from '../../../../../shared/errors';
import { findSlapdBinaries } from '../../../../../main/flavors/openldap/sandbox/slapd-binaries';

describe('#findSlapdBinaries()', () => {
  it('finds the installed slapd and slapadd', async () => {
    const found = await findSlapdBinaries();
    expect(found.slapd).toMatch(/\/slapd$/);
    expect(found.slapadd).toMatch(/\/slapadd$/);
  });

  it('reports sandbox-unavailable, naming the Debian package, when the search path has no slapd', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'enclave-empty-path-'));
    try {
      const error = await findSlapdBinaries([empty]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnclaveFailure);
      expect((error as EnclaveFailure).error).toMatchObject({ kind: 'sandbox-unavailable', missingPackage: 'slapd' });
      expect((error as EnclaveFailure).message).toContain('ldap-utils');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
