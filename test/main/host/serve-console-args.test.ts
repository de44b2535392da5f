import { describe, expect, it } from 'vitest';
import { parseServeConsoleArgs } from '../../../main/host/serve-console-args';

describe('parseServeConsoleArgs()', () => {
  it('reads --data, --port and --static, spaced or with =', () => {
    expect(parseServeConsoleArgs(['--data', '/d', '--port=8080', '--static', '/s'])).toEqual({
      ok: true,
      args: { dataDir: '/d', port: 8080, staticDir: '/s' },
    });
    expect(parseServeConsoleArgs([])).toEqual({ ok: true, args: {} });
  });

  it('explains bad input instead of throwing', () => {
    expect(parseServeConsoleArgs(['--port', 'abc'])).toMatchObject({ ok: false, message: expect.stringContaining('--port') });
    expect(parseServeConsoleArgs(['--port', '70000'])).toMatchObject({ ok: false });
    expect(parseServeConsoleArgs(['--data'])).toMatchObject({ ok: false, message: '--data needs a value.' });
    expect(parseServeConsoleArgs(['--verbose'])).toMatchObject({ ok: false, message: expect.stringContaining('Unknown option') });
  });
});
