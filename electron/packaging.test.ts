import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What electron-builder.yml packs, checked by packing for real: electron-builder runs on a small
// project laid out like ours (bundles in dist/, production dependencies in node_modules, the optional
// `electron` package with its binary, sources and other build output beside) with a stand-in Electron
// distribution, so nothing is downloaded. The fuses are left out here (flipping them needs a real
// Electron binary); their values are checked against the schema in test/smoke. The archive's table
// of contents is then read and compared with what the product needs.

const root = fileURLToPath(new URL('..', import.meta.url));
let base: string;

async function put(file: string, content: string): Promise<void> {
  await mkdir(dirname(join(base, file)), { recursive: true });
  await writeFile(join(base, file), content);
}

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

interface AsarEntry {
  readonly files?: Record<string, AsarEntry>;
  readonly unpacked?: boolean;
  readonly offset?: string;
  readonly size?: number;
}

function asarHeader(archive: Buffer): AsarEntry {
  return JSON.parse(archive.subarray(16, 16 + archive.readUInt32LE(12)).toString('utf8')) as AsarEntry;
}

/** One packed file's content: its data follows the header (whose size is the second 32-bit word, after 8 bytes). */
function asarRead(archive: Buffer, path: string): string {
  let entry = asarHeader(archive);
  for (const name of path.split('/')) entry = entry.files![name]!;
  const start = 8 + archive.readUInt32LE(4) + Number(entry.offset);
  return archive.subarray(start, start + entry.size!).toString('utf8');
}

/** The files of an asar archive (its header is a JSON table of contents after a 16-byte prefix), with whether each is unpacked. */
function asarFiles(archive: Buffer): Map<string, boolean> {
  const header = asarHeader(archive);
  const files = new Map<string, boolean>();
  const walk = (entry: AsarEntry, path: string): void => {
    if (entry.files === undefined) files.set(path, entry.unpacked === true);
    else for (const [name, child] of Object.entries(entry.files)) walk(child, path === '' ? name : `${path}/${name}`);
  };
  walk(header, '');
  return files;
}

let archive: Buffer;
let packed: Map<string, boolean>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'electron-packaging-'));
  const config = await readFile(join(root, 'electron-builder.yml'), 'utf8');
  const withoutFuses = config.replace(/^electronFuses:\n(?:[ #].*\n)+/m, '');
  expect(withoutFuses).not.toContain('electronFuses');
  await put('project/electron-builder.yml', withoutFuses);
  await put(
    'project/package.json',
    JSON.stringify({ name: 'kiosk-packaging-check', version: '0.1.0', type: 'module', dependencies: { 'native-dep': '1.0.0' }, optionalDependencies: { electron: '41.7.1' } }),
  );
  await put('project/node_modules/native-dep/package.json', JSON.stringify({ name: 'native-dep', version: '1.0.0', main: 'index.js' }));
  await put('project/node_modules/native-dep/index.js', 'module.exports = 1;');
  await put('project/node_modules/native-dep/build/Release/native.node', 'native');
  await put('project/node_modules/electron/package.json', JSON.stringify({ name: 'electron', version: '41.7.1', main: 'index.js' }));
  await put('project/node_modules/electron/index.js', 'module.exports = "electron";');
  await put('project/node_modules/electron/dist/electron', 'a second Electron binary');
  for (const file of ['dist/electron/main.js', 'dist/electron/worker-main.js', 'dist/electron/preload.js', 'dist/renderer/kiosk/index.html', 'dist/renderer/kiosk/kiosk.js', 'dist/renderer/kiosk/assets/logo.svg', 'dist/renderer/console/index.html', 'dist/renderer/console/login/login.js']) {
    await put(`project/${file}`, file);
  }
  for (const file of ['dist/electron/main.js.map', 'dist/renderer/kiosk/kiosk.js.map', 'dist/renderer/demo/index.html', 'dist/other/tool.js', 'fixtures/persons/x.json', 'terminal/main.ts', 'electron/main/main.ts', 'data/terminal.sqlite']) {
    await put(`project/${file}`, file);
  }
  await put('electron-dist/electron', '#!/bin/sh\n');
  await chmod(join(base, 'electron-dist/electron'), 0o755);

  const builder = join(root, 'node_modules', '.bin', 'electron-builder');
  const args = ['--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${join(base, 'electron-dist')}`, '-c.electronVersion=41.7.1', '-c.npmRebuild=false'];
  const { code, output } = await run(builder, args, join(base, 'project'));
  expect(code, output).toBe(0);
  archive = await readFile(join(base, 'project/out/linux-unpacked/resources/app.asar'));
  packed = asarFiles(archive);
}, 60_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('electron-builder.yml packs what the product needs', () => {
  it('the Electron bundles, the kiosk renderer, the staff console pages, package.json and the production dependencies, nothing else', () => {
    expect([...packed.keys()].sort()).toEqual(
      [
        'dist/electron/main.js',
        'dist/electron/preload.js',
        'dist/electron/worker-main.js',
        'dist/renderer/console/index.html',
        'dist/renderer/console/login/login.js',
        'dist/renderer/kiosk/assets/logo.svg',
        'dist/renderer/kiosk/index.html',
        'dist/renderer/kiosk/kiosk.js',
        'node_modules/native-dep/build/Release/native.node',
        'node_modules/native-dep/index.js',
        'node_modules/native-dep/package.json',
        'package.json',
      ].sort(),
    );
  });

  it('leaves out the optional electron package (a second Electron), source maps, the demo panel, other build output, sources and data', () => {
    const names = [...packed.keys()];
    expect(names.filter((name) => name.startsWith('node_modules/electron/'))).toEqual([]);
    expect(names.filter((name) => /\.map$|demo|other|fixtures|terminal\/|electron\/main\/|data\//.test(name))).toEqual([]);
  });

  it('keeps native modules out of the archive, and the bundles in it', () => {
    expect(packed.get('node_modules/native-dep/build/Release/native.node')).toBe(true);
    expect(packed.get('dist/electron/main.js')).toBe(false);
    expect(packed.get('dist/renderer/kiosk/index.html')).toBe(false);
  });

  it('points the packaged package.json at the main bundle', () => {
    expect(asarRead(archive, 'dist/electron/main.js')).toBe('dist/electron/main.js');
    expect(JSON.parse(asarRead(archive, 'package.json'))).toMatchObject({ main: 'dist/electron/main.js', type: 'module' });
  });
});
