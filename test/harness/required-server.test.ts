import { describe, expect, it, vi } from 'vitest';
import { skipWithoutServer } from './required-server';

describe('#skipWithoutServer()', () => {
  it('runs the suite when the server is there', () => {
    expect(skipWithoutServer('the suite', null, { CI: 'true' })).toBe(false);
  });

  it('skips with the reason printed on a developer machine', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(skipWithoutServer('the AD suite', 'samba is missing', {})).toBe(true);
    expect(warn).toHaveBeenCalledWith('Skipping the AD suite: samba is missing');
    warn.mockRestore();
  });

  it('fails instead of skipping under CI', () => {
    expect(() => skipWithoutServer('the AD suite', 'samba is missing', { CI: 'true' })).toThrow(/cannot run: samba is missing.*refusing to skip/);
  });
});
