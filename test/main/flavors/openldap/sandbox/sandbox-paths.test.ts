import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ldapiSocketPath, ldapiUrl, sandboxPaths } from '../../../../../main/flavors/openldap/sandbox/sandbox-paths';

describe('#sandboxPaths()', () => {
  it('lays the sandbox out under an absolute data folder', () => {
    const paths = sandboxPaths('/srv/enclave/sandbox');
    expect(paths).toMatchObject({
      configDir: '/srv/enclave/sandbox/slapd.d',
      mainDbDir: '/srv/enclave/sandbox/db/main',
      accessLogDbDir: '/srv/enclave/sandbox/db/accesslog',
      credentialsFile: '/srv/enclave/sandbox/credentials.json',
      configLdif: '/srv/enclave/sandbox/config.ldif',
      ldapiSocket: '/srv/enclave/sandbox/ldapi',
    });
  });
});

describe('#ldapiSocketPath()', () => {
  it('moves a too-long socket path into the temp folder, stable per data folder', () => {
    const long = `/home/someone/${'deep/'.repeat(30)}sandbox`;
    const socket = ldapiSocketPath(long);
    expect(socket.startsWith(tmpdir())).toBe(true);
    expect(Buffer.byteLength(socket)).toBeLessThan(100);
    expect(ldapiSocketPath(long)).toBe(socket);
    expect(ldapiSocketPath(`${long}2`)).not.toBe(socket);
  });
});

describe('#ldapiUrl()', () => {
  it('percent-encodes the slashes of the path', () => {
    expect(ldapiUrl('/tmp/x/ldapi')).toBe('ldapi://%2Ftmp%2Fx%2Fldapi');
  });
});
