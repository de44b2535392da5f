import { describe, expect, it } from 'vitest';
import { TrustedWindows } from '../../../main/electron/trusted-windows';
import { appUrl, WindowDouble } from './window-doubles';

describe('TrustedWindows', () => {
  it('trusts the main frame of a window it tracks, showing our page (hash and query ignored)', () => {
    const windows = new TrustedWindows<WindowDouble>(appUrl);
    const window = windows.add(new WindowDouble());
    expect(windows.isTrustedSender(window.webContents.mainFrame)).toBe(true);
    window.webContents.mainFrame.url = `${appUrl}#/tenants?x=1`;
    expect(windows.isTrustedSender(window.webContents.mainFrame)).toBe(true);
  });

  it('refuses null, sub-frames, other documents and windows it did not create', () => {
    const windows = new TrustedWindows<WindowDouble>(appUrl);
    const window = windows.add(new WindowDouble());
    const stranger = new WindowDouble();
    expect(windows.isTrustedSender(null)).toBe(false);
    expect(windows.isTrustedSender(window.subFrame())).toBe(false);
    expect(windows.isTrustedSender(stranger.webContents.mainFrame)).toBe(false);
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(windows.isTrustedSender(window.webContents.mainFrame)).toBe(false);
    window.webContents.mainFrame.url = 'file:///tmp/evil/out/renderer/index.html';
    expect(windows.isTrustedSender(window.webContents.mainFrame)).toBe(false);
  });

  it('forgets closed windows and broadcasts only to live ones', () => {
    const windows = new TrustedWindows<WindowDouble>(appUrl);
    const first = windows.add(new WindowDouble());
    const second = windows.add(new WindowDouble());
    first.close();
    expect(windows.isTrustedSender(first.webContents.mainFrame)).toBe(false);
    windows.broadcast('enclave:sandboxState', { state: 'running' });
    expect(first.sent).toEqual([]);
    expect(second.sent).toEqual([{ channel: 'enclave:sandboxState', args: [{ state: 'running' }] }]);
    expect(windows.list()).toEqual([second]);
  });
});
