/** Stand-ins for BrowserWindow and WebFrameMain, shaped like the parts the gate reads. */
import type { FrameLike, WindowLike } from '../../../main/electron/trusted-windows';

export const appUrl = 'file:///opt/enclave/resources/app.asar/out/renderer/index.html';

let nextRoutingId = 1;

/** A frame whose URL a test can change, as navigation would. */
export interface MutableFrame extends FrameLike {
  url: string;
}

export class WindowDouble implements WindowLike {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  private readonly closedListeners: (() => void)[] = [];
  readonly webContents: {
    mainFrame: MutableFrame;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  };

  constructor(url = appUrl) {
    this.webContents = {
      mainFrame: { url, parent: null, processId: 7, routingId: nextRoutingId++ },
      send: (channel, ...args) => this.sent.push({ channel, args }),
      isDestroyed: () => this.destroyed,
    };
  }

  once(_event: 'closed', listener: () => void): this {
    this.closedListeners.push(listener);
    return this;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    this.destroyed = true;
    for (const listener of this.closedListeners) listener();
  }

  /** A child frame of this window's page (an iframe). */
  subFrame(url = appUrl): FrameLike {
    return { url, parent: this.webContents.mainFrame, processId: 7, routingId: 1000 + nextRoutingId++ };
  }
}
