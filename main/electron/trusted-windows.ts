/**
 * The windows this app created and the one page they may show. The IPC gate asks it whether a call
 * comes from the main frame of one of them, showing our own page; events go to them and nowhere else.
 */

/** What the gate needs to know about a frame (Electron's WebFrameMain fits). */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** What the registry needs from a window (Electron's BrowserWindow fits). */
export interface WindowLike {
  readonly webContents: {
    readonly mainFrame: FrameLike;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  };
  once(event: 'closed', listener: () => void): unknown;
  isDestroyed(): boolean;
}

/** Strip hash and query: the renderer may route with either, the document stays the same. */
const documentUrl = (url: string): string => url.replace(/[?#].*$/s, '');

/** Windows we created, tracked until they close. */
export class TrustedWindows<W extends WindowLike = WindowLike> {
  private readonly windows = new Set<W>();

  /** @param appUrl the file URL of out/renderer/index.html; no other document is trusted. */
  constructor(private readonly appUrl: string) {}

  /** Start trusting `window` until it closes. */
  add(window: W): W {
    this.windows.add(window);
    window.once('closed', () => this.windows.delete(window));
    return window;
  }

  /** Every live window, oldest first. */
  list(): W[] {
    return [...this.windows].filter((window) => !window.isDestroyed());
  }

  /** True only for the main frame of one of our windows, currently showing our page. */
  isTrustedSender(frame: FrameLike | null | undefined): boolean {
    if (!frame || frame.parent !== null) return false;
    if (documentUrl(frame.url) !== this.appUrl) return false;
    return this.list().some((window) => {
      const main = window.webContents.mainFrame;
      return main.processId === frame.processId && main.routingId === frame.routingId;
    });
  }

  /** Send `payload` on `channel` to every live window. */
  broadcast(channel: string, payload: unknown): void {
    for (const window of this.list()) {
      if (!window.webContents.isDestroyed()) window.webContents.send(channel, payload);
    }
  }
}
