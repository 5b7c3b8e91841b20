import { contextBridge, ipcRenderer } from 'electron';
import { exposeKioskBridge } from './kiosk-bridge';

// The kiosk window's preload (sandboxed, bundled to CommonJS): exposes the kiosk bridge, nothing else.
exposeKioskBridge(contextBridge, ipcRenderer);
