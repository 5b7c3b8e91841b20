import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type ElectronBuild } from '../scripts/build-electron';

// The bundles electron-builder packs, built for real and loaded: the main process under Node with a
// recording stand-in for the `electron` module (Electron cannot run here), the preload in a bare
// script context with nothing but `require('electron')`. What Chromium does with them is not checked.

const root = fileURLToPath(new URL('..', import.meta.url));
let base: string;
let built: ElectronBuild;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'electron-bundle-'));
  built = await buildElectron(join(base, 'app', 'dist', 'electron'));
  // The packaged app finds its npm packages in the app's node_modules.
  await symlink(join(root, 'node_modules'), join(base, 'app', 'node_modules'), 'dir');
  await writeFile(join(base, 'app', 'package.json'), JSON.stringify({ type: 'module' }));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A stand-in `electron` for the main bundle: every call is written to stdout as one JSON line. */
const ELECTRON_STAND_IN = `
const record = (...entry) => process.stdout.write(JSON.stringify(entry) + '\\n');
let ready = false;
const kioskSession = {
  protocol: { handle: (scheme) => record('session.protocol.handle', scheme) },
  webRequest: { onBeforeRequest: () => record('session.webRequest.onBeforeRequest') },
  setPermissionRequestHandler: () => record('session.setPermissionRequestHandler'),
  setPermissionCheckHandler: () => record('session.setPermissionCheckHandler'),
  setDevicePermissionHandler: () => record('session.setDevicePermissionHandler'),
  setSpellCheckerEnabled: (enabled) => record('session.setSpellCheckerEnabled', enabled),
  on: (event) => record('session.on', event),
};
export const app = {
  requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock', { ready }), true),
  enableSandbox: () => record('app.enableSandbox', { ready }),
  commandLine: { appendSwitch: (name, value) => record('app.commandLine.appendSwitch', { ready, name, value }) },
  whenReady: () => new Promise((resolve) => setImmediate(() => { ready = true; record('ready'); resolve(); })),
  quit: () => record('app.quit'),
  exit: (code) => { record('app.exit', code); process.exit(code); },
  on: (event) => record('app.on', event),
};
export const protocol = { registerSchemesAsPrivileged: (schemes) => record('protocol.registerSchemesAsPrivileged', { ready }, schemes) };
export const session = { fromPartition: (partition) => (record('session.fromPartition', partition), kioskSession) };
export const Menu = { setApplicationMenu: (menu) => record('Menu.setApplicationMenu', menu) };
export const BrowserWindow = class { constructor() { record('BrowserWindow'); throw new Error('no window expected'); } };
export const ipcMain = { handle: (channel) => record('ipcMain.handle', channel), on: (channel) => record('ipcMain.on', channel) };
export const powerSaveBlocker = { start: () => (record('powerSaveBlocker.start'), 1), stop: () => true };
export const screen = { getAllDisplays: () => [] };
`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron-stand-in.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
`;

function runMain(args: readonly string[]): Promise<{ code: number | null; calls: unknown[][]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(base, 'register.mjs'), join(built.outDir, 'main.js'), ...args], {
      cwd: base,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const calls = stdout
        .split('\n')
        .filter((line) => line.startsWith('['))
        .map((line) => JSON.parse(line) as unknown[]);
      resolve({ code, calls, stderr });
    });
  });
}

describe('electron bundles', () => {
  it('writes main.js, the face worker beside it, and preload.js', () => {
    expect(Object.keys(built.inputs).sort()).toEqual(['main.js', 'preload.js', 'worker-main.js']);
  });

  it('puts nothing of the demo, the fakes, the tests or the fixtures into the main process', () => {
    const inputs = [...built.inputs['main.js']!, ...built.inputs['worker-main.js']!];
    expect(inputs.some((input) => input.startsWith('terminal/reception-terminal.ts'))).toBe(true);
    expect(inputs.filter((input) => /(^|\/)(testing|demo|fixtures|test)\/|\.test\.ts$|^scripts\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
  });

  it('builds the preload from the preload and the contract only', () => {
    expect(built.inputs['preload.js']).toEqual(['electron/preload/kiosk-bridge.ts', 'electron/preload/preload.ts', 'flow/contract/kiosk-bridge.ts']);
  });

  it('the preload is a plain script that needs only electron and exposes the bridge', async () => {
    const code = await readFile(join(built.outDir, 'preload.js'), 'utf8');
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.set(key, api) },
      ipcRenderer: { invoke: async () => undefined, send: () => undefined, on: () => undefined, removeListener: () => undefined },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`the preload required ${name}`);
        return electron;
      },
      module,
      exports: module.exports,
    });
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['oqsKiosk']);
    expect(Object.keys(exposed.get('oqsKiosk')!).sort()).toEqual(['currentView', 'onView', 'sendEvent', 'sendFrame']);
  });

  it('the main bundle loads, locks down before ready, and exits with a config error when given no configuration', async () => {
    await writeFile(join(base, 'electron-stand-in.mjs'), ELECTRON_STAND_IN);
    await writeFile(join(base, 'hooks.mjs'), HOOKS);
    await writeFile(join(base, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    const { code, calls, stderr } = await runMain([]);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('TERMINAL_CONFIG_INVALID');
    const names = calls.map(([name]) => name);
    const readyAt = names.indexOf('ready');
    expect(readyAt).toBeGreaterThan(0);
    expect(calls.slice(0, readyAt)).toEqual([
      ['protocol.registerSchemesAsPrivileged', { ready: false }, [{ scheme: 'app', privileges: { standard: true, secure: true } }]],
      ['app.enableSandbox', { ready: false }],
      ['app.commandLine.appendSwitch', { ready: false, name: 'autoplay-policy', value: 'no-user-gesture-required' }],
      ['app.requestSingleInstanceLock', { ready: false }],
      ['app.on', 'second-instance'],
      ['app.on', 'web-contents-created'],
    ]);
    expect(names.slice(readyAt)).toEqual([
      'ready',
      'Menu.setApplicationMenu',
      'session.fromPartition',
      'session.protocol.handle',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'session.on',
      'session.webRequest.onBeforeRequest',
      'session.setSpellCheckerEnabled',
      'app.exit',
    ]);
  });
});
