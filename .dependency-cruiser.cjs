// The import rules of ARCHITECTURE.md ("Folders and who may import whom"), enforced in `npm test`.
// Paths are matched relative to the folder the checker runs in; npm packages may resolve through a
// parent node_modules, hence the `(^|/)node_modules/` prefixes.
const npm = (name) => `(^|/)node_modules/${name}/`;
const productFolders = '(kernel|flow|device|crypto|face|oqs|store|terminal|central|electron|renderer|certkit)';
const toolingFolders = '(test|bench|scripts)';
const nodeBuiltin = { dependencyTypes: ['core'] };
const testFile = '\\.test\\.ts$';

/** A folder that may import only the named project folders (plus itself, kernel/, npm packages and Node). */
function projectImportsLimitedTo(name, from, allowed) {
  return {
    name,
    severity: 'error',
    comment: `${from}/ may import only: ${allowed.join(', ') || 'nothing else in the project'}`,
    from: { path: `^${from}/` },
    to: {
      path: `^${productFolders}/`,
      pathNot: [`^${from}/`, '^kernel/', ...allowed.map((folder) => `^${folder}/`)],
    },
  };
}

/** Folders that may use flow/ only through its ports, and only as types. */
const portUsers = ['device', 'crypto', 'face', 'oqs', 'store'];

module.exports = {
  forbidden: [
    {
      name: 'flow-is-pure',
      severity: 'error',
      comment: 'flow/ imports xstate and kernel/ only: no node:*, no I/O, no other package or folder (its unit tests may use the test runner)',
      from: { path: '^flow/', pathNot: testFile },
      to: { pathNot: ['^flow/', '^kernel/', npm('xstate')] },
    },
    {
      name: 'flow-and-kernel-tests-pure',
      severity: 'error',
      comment: 'unit tests of flow/, kernel/ and renderer/ use the test runner and nothing impure either',
      from: { path: `^(flow|kernel|renderer)/.*${testFile}` },
      to: { pathNot: ['^flow/', '^kernel/', '^renderer/', npm('xstate'), npm('vitest'), npm('@vitest/[^/]+'), npm('fast-check')] },
    },
    {
      name: 'kernel-imports-nothing',
      severity: 'error',
      comment: 'kernel/ is shared by every folder: it imports nothing of ours, no npm package and no node:* (its unit tests may use the test runner)',
      from: { path: '^kernel/', pathNot: testFile },
      to: { pathNot: '^kernel/' },
    },
    ...portUsers.map((folder) => ({
      name: `${folder}-uses-flow-ports-only`,
      severity: 'error',
      comment: `${folder}/ may see flow/ only through flow/ports`,
      from: { path: `^${folder}/` },
      to: { path: '^flow/', pathNot: '^flow/ports/' },
    })),
    {
      name: 'flow-ports-as-types-only',
      severity: 'error',
      comment: 'adapters import the ports they implement as types (import type), never as values',
      from: { path: `^(${portUsers.join('|')})/` },
      to: { path: '^flow/ports/', dependencyTypesNot: ['type-only'] },
    },
    projectImportsLimitedTo('device-imports', 'device', ['flow/ports']),
    projectImportsLimitedTo('crypto-imports', 'crypto', ['flow/ports']),
    projectImportsLimitedTo('face-imports', 'face', ['flow/ports']),
    projectImportsLimitedTo('oqs-imports', 'oqs', ['flow/ports', 'crypto']),
    projectImportsLimitedTo('store-imports', 'store', ['flow/ports']),
    projectImportsLimitedTo('terminal-imports', 'terminal', ['flow', 'device', 'crypto', 'face', 'oqs', 'store']),
    projectImportsLimitedTo('central-imports', 'central', ['oqs', 'crypto']),
    projectImportsLimitedTo('electron-main-imports', 'electron/main', ['terminal', 'flow/contract']),
    projectImportsLimitedTo('certkit-imports', 'certkit', ['flow', 'device', 'crypto', 'face', 'oqs', 'store', 'terminal', 'central']),
    {
      name: 'preload-contract-only',
      severity: 'error',
      comment: 'the preload sees nothing but the contract (and electron for contextBridge/ipcRenderer)',
      from: { path: '^electron/preload/' },
      to: { pathNot: ['^electron/preload/', '^flow/contract/', '^kernel/', npm('electron'), '^electron$'] },
    },
    {
      name: 'renderer-contract-only',
      severity: 'error',
      comment: 'a renderer is a projection: it imports the contract types (flow/contract), kernel/ and itself only',
      from: { path: '^renderer/', pathNot: testFile },
      to: { pathNot: ['^renderer/', '^flow/contract/', '^kernel/'] },
    },
    {
      name: 'renderer-contract-as-types-only',
      severity: 'error',
      comment:
        'a renderer takes view models and events as types; the state machine never runs there. The bridge contract is the one exception: it holds only the names and constants both ends must agree on (the global, channels, frame layout), no logic',
      from: { path: '^renderer/' },
      to: { path: '^flow/', pathNot: '^flow/contract/kiosk-bridge\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-import-of-tooling',
      severity: 'error',
      comment: 'nothing in the product imports test/, bench/ or scripts/ (a unit test beside the code may)',
      from: { path: `^${productFolders}/`, pathNot: testFile },
      to: { path: `^${toolingFolders}/` },
    },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      comment: 'fakes and test helpers live in testing/ folders, for tests, benchmarks and the demo composition only',
      from: { path: `^${productFolders}/`, pathNot: [testFile, '/testing/', '^terminal/demo/'] },
      to: { path: '(^|/)testing/' },
    },
    {
      name: 'no-import-of-fixtures',
      severity: 'error',
      comment: 'production code reads fixtures from a path given in config, never by import (a unit test may)',
      from: { path: `^${productFolders}/`, pathNot: testFile },
      to: { path: '^fixtures/' },
    },
    {
      name: 'pcsc-only-in-device',
      severity: 'error',
      comment: 'only device/ touches the PC/SC module',
      from: { path: `^${productFolders}/`, pathNot: '^device/' },
      to: { path: [npm('pcsclite'), npm('@pokusew/pcsclite'), npm('smartcard')] },
    },
    {
      name: 'sqlite-only-in-store-and-central',
      severity: 'error',
      comment: 'only store/ and central/ touch better-sqlite3',
      from: { path: `^${productFolders}/`, pathNot: '^(store|central)/' },
      to: { path: npm('better-sqlite3') },
    },
    {
      name: 'electron-only-in-electron',
      severity: 'error',
      comment: 'only electron/ touches electron',
      from: { path: `^${productFolders}/`, pathNot: '^electron/' },
      to: { path: [npm('electron'), '^electron$'] },
    },
    {
      name: 'face-models-only-in-face',
      severity: 'error',
      comment: 'only face/ touches tfjs, face-api and the JPEG 2000 codec',
      from: { path: `^${productFolders}/`, pathNot: '^face/' },
      to: { path: [npm('@tensorflow/[^/]+'), npm('@vladmandic/face-api'), npm('@cornerstonejs/codec-openjpeg')] },
    },
    {
      name: 'no-node-in-web-code',
      severity: 'error',
      comment: 'renderers and the preload run in a browser sandbox: no Node built-ins',
      from: { path: '^(renderer|electron/preload)/' },
      to: nodeBuiltin,
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'import cycles make start-up order and testing fragile',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'an import that cannot be resolved is a broken build (electron is optional: absent where its binary cannot be downloaded)',
      from: {},
      to: { couldNotResolve: true, pathNot: '^electron$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^test/deps/examples/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
