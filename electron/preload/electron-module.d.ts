// The `electron` module as the preload sees it (the package is optional and may be absent, so its own
// declarations cannot be relied on): contextBridge and ipcRenderer, narrowed to what the bridge uses.
declare module 'electron' {
  export const contextBridge: import('./kiosk-bridge').ContextBridgeApi;
  export const ipcRenderer: import('./kiosk-bridge').RendererIpc;
}
