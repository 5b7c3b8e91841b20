// The `electron` module as this shell sees it. The package is optional (absent where its binary cannot
// be downloaded), so its own declarations cannot be relied on: this declaration gives the module the
// shape of `ElectronApi`, and only the entry (`main.ts`) imports it. It is a promise, not a check —
// the names and signatures in `electron-api.ts` follow Electron's documentation and are reviewed
// against it when Electron is upgraded.
declare module 'electron' {
  type Api = import('./electron-api').ElectronApi;
  export const app: Api['app'];
  export const BrowserWindow: Api['BrowserWindow'];
  export const ipcMain: Api['ipcMain'];
  export const protocol: Api['protocol'];
  export const session: Api['session'];
  export const powerSaveBlocker: Api['powerSaveBlocker'];
  export const screen: Api['screen'];
  export const Menu: Api['Menu'];
}
