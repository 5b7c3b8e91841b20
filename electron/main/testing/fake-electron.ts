import type {
  AppApi,
  AppEvents,
  BeforeRequestDetails,
  BrowserWindowApi,
  BrowserWindowEvents,
  CancellableEvent,
  CustomScheme,
  DisplayInfo,
  ElectronApi,
  FrameInfo,
  IpcEvent,
  IpcMainApi,
  KioskWindowOptions,
  NavigationEvent,
  PermissionCheckDetails,
  PermissionRequestDetails,
  SessionApi,
  WebContentsApi,
  WebContentsEvents,
  WindowOpenDetails,
  WindowOpenResponse,
} from '../electron-api';

// Fakes of the Electron main-process API for unit tests under Node: each records what the shell set
// up and lets the test play Electron's part (emit an event, call a handler, become ready). They do
// not behave like Chromium; a test checks what the shell asked Electron to do.

type Listener = (...args: unknown[]) => void;

/** A minimal typed event emitter: listeners by event name, in order. */
class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly listeners = new Map<keyof Events, { listener: Listener; once: boolean }[]>();

  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this {
    this.add(event, listener as unknown as Listener, false);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this {
    this.add(event, listener as unknown as Listener, true);
    return this;
  }

  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const entries = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      entries.filter((entry) => !entry.once),
    );
    for (const entry of entries) entry.listener(...args);
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  private add(event: keyof Events, listener: Listener, once: boolean): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once }]);
  }
}

/** An event a listener may cancel; records whether it did. */
export class FakeEvent implements CancellableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeNavigationEvent extends FakeEvent implements NavigationEvent {
  constructor(
    readonly url: string,
    readonly isMainFrame = true,
  ) {
    super();
  }
}

export class FakeFrame implements FrameInfo {
  constructor(
    readonly url: string,
    readonly parent: FrameInfo | null = null,
  ) {}
}

let nextWebContentsId = 1;

export class FakeWebContents extends Emitter<WebContentsEvents> implements WebContentsApi {
  readonly id = nextWebContentsId++;
  readonly loaded: string[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenResponse) | undefined;
  destroyed = false;
  crashedByShell = 0;
  /** The frame the page runs in, once a URL is loaded. */
  mainFrame: FakeFrame = new FakeFrame('');

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  forcefullyCrashRenderer(): void {
    this.crashedByShell += 1;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends Emitter<BrowserWindowEvents> implements BrowserWindowApi {
  readonly webContents = new FakeWebContents();
  shown = false;
  focused = 0;
  menuRemoved = false;
  destroyed = false;

  constructor(readonly options: KioskWindowOptions) {
    super();
  }

  show(): void {
    this.shown = true;
  }

  focus(): void {
    this.focused += 1;
  }

  removeMenu(): void {
    this.menuRemoved = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** What Electron does when something asks the window to close: `close` (cancellable), then `closed`. */
  tryClose(): boolean {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export class FakeIpcMain implements IpcMainApi {
  readonly handlers = new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>();
  readonly listeners = new Map<string, ((event: IpcEvent, ...args: unknown[]) => void)[]>();

  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }

  /** `ipcRenderer.invoke` from a page: the handler's answer, awaited. */
  async invoke(channel: string, event: IpcEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  /** `ipcRenderer.send` from a page. */
  send(channel: string, event: IpcEvent, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

/** An IPC event as Electron builds it for a message from a frame of a WebContents. */
export function ipcEventFrom(contents: { readonly id: number }, senderFrame: FrameInfo | null): IpcEvent {
  return { sender: { id: contents.id }, senderFrame };
}

export type PermissionRequestHandler = (webContents: WebContentsApi | null, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void;
export type PermissionCheckHandler = (webContents: WebContentsApi | null, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean;

export class FakeSession implements SessionApi {
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly protocol = { handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => void this.protocolHandlers.set(scheme, handler) };
  beforeRequest: ((details: BeforeRequestDetails, callback: (response: { cancel: boolean }) => void) => void) | undefined;
  readonly webRequest = { onBeforeRequest: (listener: NonNullable<FakeSession['beforeRequest']>) => void (this.beforeRequest = listener) };
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  devicePermissionHandler: ((details: { deviceType: string; origin: string }) => boolean) | undefined;
  spellChecker: boolean | undefined;
  private readonly events = new Emitter<{ 'will-download': [event: CancellableEvent] }>();

  constructor(readonly partition: string) {}

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string }) => boolean): void {
    this.devicePermissionHandler = handler;
  }

  setSpellCheckerEnabled(enable: boolean): void {
    this.spellChecker = enable;
  }

  on(event: 'will-download', listener: (event: CancellableEvent) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** A download starting in this session: whether it was cancelled. */
  download(): boolean {
    const event = new FakeEvent();
    this.events.emit('will-download', event);
    return event.defaultPrevented;
  }

  /** A permission request as Chromium makes it: the handler's answer. */
  request(permission: string, details: PermissionRequestDetails): boolean | undefined {
    let answer: boolean | undefined;
    this.permissionRequestHandler?.(null, permission, (granted) => void (answer = granted), details);
    return answer;
  }

  /** Whether a request for this URL is cancelled (undefined when there is no handler). */
  cancels(url: string): boolean | undefined {
    let answer: boolean | undefined;
    this.beforeRequest?.({ url }, (response) => void (answer = response.cancel));
    return answer;
  }
}

export class FakeApp extends Emitter<AppEvents> implements AppApi {
  hasLock = true;
  sandboxEnabled = false;
  readonly switches: [string, string | undefined][] = [];
  readonly commandLine = { appendSwitch: (name: string, value?: string): void => void this.switches.push([name, value]) };
  quits = 0;
  exitCode: number | undefined;
  isReady = false;
  private markReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The test plays Electron: the app is ready now. */
  becomeReady(): void {
    this.isReady = true;
    this.markReady();
  }

  private readonly quitWaiters: (() => void)[] = [];

  /** What `app.quit()` does: `before-quit` (cancellable). */
  quit(): void {
    this.quits += 1;
    for (const waiter of this.quitWaiters.splice(0)) waiter();
    this.emit('before-quit', new FakeEvent());
  }

  /** Resolves at the next `app.quit()`. */
  nextQuit(): Promise<void> {
    return new Promise((resolve) => this.quitWaiters.push(resolve));
  }

  exit(exitCode = 0): void {
    this.exitCode = exitCode;
  }
}

/** The whole fake API; `windows` lists every window the shell created, in order. */
export class FakeElectron implements ElectronApi {
  readonly app = new FakeApp();
  readonly ipcMain = new FakeIpcMain();
  readonly windows: FakeBrowserWindow[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly privilegedSchemes: CustomScheme[][] = [];
  readonly blockers = new Map<number, 'prevent-display-sleep'>();
  applicationMenu: null | 'default' = 'default';
  displays: DisplayInfo[] = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
    { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 1024 } },
  ];

  readonly BrowserWindow: ElectronApi['BrowserWindow'];
  readonly protocol = { registerSchemesAsPrivileged: (schemes: readonly CustomScheme[]) => void this.privilegedSchemes.push([...schemes]) };
  readonly session = {
    fromPartition: (partition: string): FakeSession => {
      const existing = this.sessions.get(partition);
      if (existing !== undefined) return existing;
      const created = new FakeSession(partition);
      this.sessions.set(partition, created);
      return created;
    },
  };
  readonly powerSaveBlocker = {
    start: (type: 'prevent-display-sleep'): number => {
      const id = this.blockers.size + 1;
      this.blockers.set(id, type);
      return id;
    },
    stop: (id: number): boolean => this.blockers.delete(id),
  };
  readonly screen = { getAllDisplays: (): readonly DisplayInfo[] => this.displays };
  readonly Menu = { setApplicationMenu: (menu: null) => void (this.applicationMenu = menu) };

  constructor() {
    const windows = this.windows;
    this.BrowserWindow = class extends FakeBrowserWindow {
      constructor(options: KioskWindowOptions) {
        super(options);
        windows.push(this);
      }
    };
  }
}
