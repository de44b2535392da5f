import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../main/system/data-dir';

describe('defaultDataDir()', () => {
  it('prefers $ENCLAVE_DATA_DIR', () => {
    expect(defaultDataDir({ ENCLAVE_DATA_DIR: '/srv/enclave', XDG_DATA_HOME: '/x' }, '/home/a')).toBe('/srv/enclave');
  });
  it('falls back to $XDG_DATA_HOME/enclave', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, '/home/a')).toBe('/x/data/enclave');
  });
  it('ignores a relative $XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: 'data' }, '/home/a')).toBe('/home/a/.local/share/enclave');
  });
  it('defaults to ~/.local/share/enclave', () => {
    expect(defaultDataDir({}, '/home/a')).toBe('/home/a/.local/share/enclave');
  });
});
