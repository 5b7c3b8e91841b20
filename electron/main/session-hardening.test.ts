import { describe, expect, it } from 'vitest';
import { APP_SCHEME, KIOSK_PAGE_URL } from './app-protocol';
import type { PermissionCheckDetails, PermissionRequestDetails } from './electron-api';
import { hardenKioskSession } from './session-hardening';
import { FakeSession } from './testing/fake-electron';

function hardened(): FakeSession {
  const session = new FakeSession('kiosk');
  hardenKioskSession(session, '/nonexistent/renderer');
  return session;
}

const camera: PermissionRequestDetails = { requestingUrl: KIOSK_PAGE_URL, isMainFrame: true, mediaTypes: ['video'], securityOrigin: 'app://kiosk' };

describe('kiosk session: permission requests', () => {
  it('grants the camera to the main frame of the app origin', () => {
    expect(hardened().request('media', camera)).toBe(true);
    expect(hardened().request('media', { requestingUrl: 'app://kiosk/', isMainFrame: true, mediaTypes: ['video'] })).toBe(true);
  });

  it.each<[string, PermissionRequestDetails]>([
    ['the microphone', { ...camera, mediaTypes: ['audio'] }],
    ['camera and microphone together', { ...camera, mediaTypes: ['video', 'audio'] }],
    ['media of no stated type', { ...camera, mediaTypes: [] }],
    ['media without types', { requestingUrl: KIOSK_PAGE_URL, isMainFrame: true }],
    ['a subframe', { ...camera, isMainFrame: false }],
    ['another origin', { ...camera, requestingUrl: 'https://evil.example/' }],
    ['the browser-mode URL', { ...camera, requestingUrl: 'http://127.0.0.1:8300/' }],
    ['a file page', { ...camera, requestingUrl: 'file:///opt/kiosk/index.html' }],
    ['another host of the app scheme', { ...camera, requestingUrl: 'app://kiosk.evil/index.html' }],
    ['the app host on a port', { ...camera, requestingUrl: 'app://kiosk:8080/index.html' }],
    ['a page with credentials in its URL', { ...camera, requestingUrl: 'app://user@kiosk/index.html' }],
    ['a foreign security origin', { ...camera, securityOrigin: 'https://evil.example' }],
    ['no URL at all', { isMainFrame: true, mediaTypes: ['video'] }],
  ])('refuses %s', (_name, details) => {
    expect(hardened().request('media', details)).toBe(false);
  });

  it.each([
    'display-capture',
    'notifications',
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'fullscreen',
    'openExternal',
    'pointerLock',
    'keyboardLock',
    'midi',
    'midiSysex',
    'idle-detection',
    'mediaKeySystem',
    'window-management',
    'fileSystem',
    'storage-access',
    'unknown',
  ])('refuses %s even to the app origin', (permission) => {
    expect(hardened().request(permission, camera)).toBe(false);
  });
});

describe('kiosk session: permission checks', () => {
  const check = (permission: string, origin: string, details: PermissionCheckDetails): boolean | undefined =>
    hardened().permissionCheckHandler?.(null, permission, origin, details);
  const video: PermissionCheckDetails = { mediaType: 'video', isMainFrame: true, requestingUrl: KIOSK_PAGE_URL, securityOrigin: 'app://kiosk' };

  it('answers yes for the camera of the app origin only', () => {
    expect(check('media', 'app://kiosk', video)).toBe(true);
    expect(check('media', 'app://kiosk/', video)).toBe(true);
    expect(check('media', 'app://kiosk', { ...video, mediaType: 'audio' })).toBe(false);
    expect(check('media', 'app://kiosk', { ...video, mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'https://evil.example', video)).toBe(false);
    expect(check('media', 'app://kiosk', { ...video, isMainFrame: false })).toBe(false);
    expect(check('media', 'app://kiosk', { ...video, embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(check('media', 'app://kiosk', { ...video, securityOrigin: 'https://evil.example' })).toBe(false);
    for (const permission of ['hid', 'serial', 'usb', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen']) {
      expect(check(permission, 'app://kiosk', video), permission).toBe(false);
    }
  });
});

describe('kiosk session: devices, downloads, network, spell-checker', () => {
  it('gives no page a HID, serial or USB device', () => {
    const session = hardened();
    for (const deviceType of ['hid', 'serial', 'usb']) expect(session.devicePermissionHandler?.({ deviceType, origin: 'app://kiosk' })).toBe(false);
  });

  it('cancels every download', () => {
    expect(hardened().download()).toBe(true);
    expect(new FakeSession('unhardened').download()).toBe(false);
  });

  it('lets the page load its own files, data: and blob: URLs, and nothing from anywhere else', () => {
    const session = hardened();
    for (const url of [KIOSK_PAGE_URL, 'app://kiosk/kiosk.js', 'data:,', 'data:image/png;base64,AAAA', 'blob:app://kiosk/5f1c']) expect(session.cancels(url), url).toBe(false);
    for (const url of ['https://evil.example/x.js', 'http://127.0.0.1:8300/api/kiosks', 'ws://127.0.0.1:8300/', 'wss://evil.example/', 'file:///etc/passwd', 'app://elsewhere/x', 'ftp://x/', 'chrome://settings', 'devtools://devtools/']) {
      expect(session.cancels(url), url).toBe(true);
    }
  });

  it('turns the spell-checker off (it would download dictionaries)', () => {
    expect(hardened().spellChecker).toBe(false);
  });

  it('serves the app scheme from the renderer folder', () => {
    expect([...hardened().protocolHandlers.keys()]).toEqual([APP_SCHEME]);
  });
});
