// The part of Electron's main-process API this shell uses, declared here as types. The `electron`
// package is an optional dependency that is absent where its binary cannot be downloaded, so its own
// declarations cannot be relied on for type checks; and a narrow interface is what lets every module
// of `electron/main/` run under Node in unit tests with fakes (`testing/fake-electron.ts`). The one
// file that imports the real module (`main.ts`) passes it in as an `ElectronApi`.
//
// Every member mirrors Electron's documented signature, narrowed to the arguments used here.

/** An Electron event whose default action a listener may cancel. */
export interface CancellableEvent {
  preventDefault(): void;
}

/** A frame in a page (WebFrameMain): where it is and whether it is the top frame. */
export interface FrameInfo {
  /** The URL the frame has loaded. */
  readonly url: string;
  /** The parent frame, `null` for the top frame. */
  readonly parent: FrameInfo | null;
}

/** `will-navigate`, `will-frame-navigate`, `will-redirect`: the details event. */
export interface NavigationEvent extends CancellableEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export interface RenderProcessGoneDetails {
  readonly reason: string;
  readonly exitCode: number;
}

export interface WindowOpenDetails {
  readonly url: string;
}

/** The answer to `window.open` and links with a target: this shell only ever denies. */
export interface WindowOpenResponse {
  readonly action: 'deny';
}

/** The events of a WebContents this shell listens to, with their listener arguments. */
export interface WebContentsEvents {
  'will-navigate': [event: NavigationEvent];
  'will-frame-navigate': [event: NavigationEvent];
  'will-redirect': [event: NavigationEvent];
  'will-attach-webview': [event: CancellableEvent];
  'render-process-gone': [event: unknown, details: RenderProcessGoneDetails];
  unresponsive: [];
}

export interface WebContentsApi {
  readonly id: number;
  loadURL(url: string): Promise<void>;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  /** Ends a hung renderer; `render-process-gone` follows. */
  forcefullyCrashRenderer(): void;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenResponse): void;
  on<E extends keyof WebContentsEvents>(event: E, listener: (...args: WebContentsEvents[E]) => void): unknown;
}

/** The BrowserWindow options this shell sets (a subset of Electron's BrowserWindowConstructorOptions). */
export interface KioskWindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly show: boolean;
  readonly kiosk: boolean;
  readonly fullscreen: boolean;
  readonly frame: boolean;
  readonly autoHideMenuBar: boolean;
  readonly backgroundColor: string;
  readonly title: string;
  readonly webPreferences: KioskWebPreferences;
}

export interface KioskWebPreferences {
  readonly preload: string;
  readonly partition: string;
  readonly contextIsolation: boolean;
  readonly sandbox: boolean;
  readonly nodeIntegration: boolean;
  readonly nodeIntegrationInWorker: boolean;
  readonly nodeIntegrationInSubFrames: boolean;
  readonly webSecurity: boolean;
  readonly allowRunningInsecureContent: boolean;
  readonly experimentalFeatures: boolean;
  readonly webviewTag: boolean;
  readonly devTools: boolean;
  readonly navigateOnDragDrop: boolean;
  readonly spellcheck: boolean;
  readonly safeDialogs: boolean;
  readonly disableDialogs: boolean;
}

export interface BrowserWindowEvents {
  'ready-to-show': [];
  close: [event: CancellableEvent];
  closed: [];
}

export interface BrowserWindowApi {
  readonly webContents: WebContentsApi;
  show(): void;
  focus(): void;
  removeMenu(): void;
  isDestroyed(): boolean;
  on<E extends keyof BrowserWindowEvents>(event: E, listener: (...args: BrowserWindowEvents[E]) => void): unknown;
  once<E extends keyof BrowserWindowEvents>(event: E, listener: (...args: BrowserWindowEvents[E]) => void): unknown;
}

/** What an IPC message says about who sent it (IpcMainEvent / IpcMainInvokeEvent). */
export interface IpcEvent {
  readonly sender: { readonly id: number };
  /** `null` when the frame has navigated away or is gone. */
  readonly senderFrame: FrameInfo | null;
}

export interface IpcMainApi {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
}

/** MediaAccessPermissionRequest / PermissionRequest. */
export interface PermissionRequestDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  readonly mediaTypes?: readonly string[];
  readonly securityOrigin?: string;
}

export interface PermissionCheckDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  readonly mediaType?: string;
  readonly securityOrigin?: string;
  readonly embeddingOrigin?: string;
}

export interface BeforeRequestDetails {
  readonly url: string;
}

export interface SessionApi {
  readonly protocol: {
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  readonly webRequest: {
    onBeforeRequest(listener: (details: BeforeRequestDetails, callback: (response: { cancel: boolean }) => void) => void): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: WebContentsApi | null, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: WebContentsApi | null, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean): void;
  setDevicePermissionHandler(handler: (details: { readonly deviceType: string; readonly origin: string }) => boolean): void;
  setSpellCheckerEnabled(enable: boolean): void;
  on(event: 'will-download', listener: (event: CancellableEvent) => void): unknown;
}

/** A privileged scheme (CustomScheme). */
export interface CustomScheme {
  readonly scheme: string;
  readonly privileges: {
    readonly standard?: boolean;
    readonly secure?: boolean;
    readonly bypassCSP?: boolean;
    readonly allowServiceWorkers?: boolean;
    readonly supportFetchAPI?: boolean;
    readonly corsEnabled?: boolean;
    readonly stream?: boolean;
    readonly codeCache?: boolean;
    readonly allowExtensions?: boolean;
  };
}

export interface AppEvents {
  'second-instance': [];
  'before-quit': [event: CancellableEvent];
  'window-all-closed': [];
  'web-contents-created': [event: unknown, contents: WebContentsApi];
}

export interface AppApi {
  /** Chromium switches; before `ready` only. */
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
  requestSingleInstanceLock(): boolean;
  /** Sandboxes every renderer, whatever its window asked for; before `ready` only. */
  enableSandbox(): void;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  on<E extends keyof AppEvents>(event: E, listener: (...args: AppEvents[E]) => void): unknown;
}

export interface DisplayInfo {
  readonly id: number;
  readonly bounds: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface ElectronApi {
  readonly app: AppApi;
  readonly BrowserWindow: new (options: KioskWindowOptions) => BrowserWindowApi;
  readonly ipcMain: IpcMainApi;
  readonly protocol: { registerSchemesAsPrivileged(schemes: readonly CustomScheme[]): void };
  readonly session: { fromPartition(partition: string): SessionApi };
  readonly powerSaveBlocker: { start(type: 'prevent-display-sleep'): number; stop(id: number): boolean };
  readonly screen: { getAllDisplays(): readonly DisplayInfo[] };
  readonly Menu: { setApplicationMenu(menu: null): void };
}
