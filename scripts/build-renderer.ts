// Bundles the renderers for the browser (and for the Electron window): each page's TypeScript into one
// script, beside its HTML and CSS, under dist/renderer/<page>/. Called before the demo and the tests
// start; it takes well under a second.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each page: its folder under renderer/, its entry and the static files copied beside the bundle. */
const PAGES = [
  { name: 'kiosk', entry: 'main.ts', script: 'kiosk.js', files: ['index.html', 'kiosk.css'] },
  // The demo panel: built for the demo and the tests; a facility's package leaves dist/renderer/demo out.
  { name: 'demo', entry: 'demo.ts', script: 'demo.js', files: ['index.html', 'demo.css'] },
  // The staff console; its sign-in and 照会 pages after it, since building a page empties its folder first.
  { name: 'console', entry: 'console.ts', script: 'console.js', files: ['index.html', 'console.css'] },
  { name: 'console/login', entry: 'login.ts', script: 'login.js', files: ['index.html', 'login.css'] },
  { name: 'console/inquiry', entry: 'inquiry.ts', script: 'inquiry.js', files: ['index.html', 'inquiry.css'] },
  // The audit viewer (administrators): likewise after the console.
  { name: 'console/audit', entry: 'audit.ts', script: 'audit.js', files: ['index.html', 'audit.css'] },
  // The 管理者's facility settings: likewise after the console.
  { name: 'console/settings', entry: 'settings.ts', script: 'settings.js', files: ['index.html', 'settings.css'] },
  // The medical views of one reception (医療情報閲覧): likewise after the console.
  { name: 'console/medical', entry: 'medical.ts', script: 'medical.js', files: ['index.html', 'medical.css'] },
] as const;

export async function buildRenderers(outDir = join(root, 'dist/renderer')): Promise<void> {
  for (const page of PAGES) {
    const target = join(outDir, page.name);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await build({
      entryPoints: [join(root, 'renderer', page.name, page.entry)],
      outfile: join(target, page.script),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    for (const file of page.files) await copyFile(join(root, 'renderer', page.name, file), join(target, file));
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildRenderers().catch((error: unknown) => {
    process.stderr.write(`the renderers could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
