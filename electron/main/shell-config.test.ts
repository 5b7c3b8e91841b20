import { describe, expect, it } from 'vitest';
import { loadShellConfig, parseShellArguments } from './shell-config';

const config = {
  facility: { medicalInstitutionCode: '1399999999', consentCategories: ['pharmaceutical'], issuesElectronicPrescriptions: false },
  kiosks: [
    { id: 'kiosk-1', readerName: 'Reader A', cardFront: 'staff-entry' },
    { id: 'kiosk-2', readerName: 'Reader B', cardFront: 'staff-entry' },
    { id: 'kiosk-3', readerName: 'Reader C', cardFront: 'staff-entry' },
  ],
  central: { url: 'https://central.example:8443', caCertificate: '/etc/oqs/ca.pem', clientCertificate: '/etc/oqs/c.pem', clientKey: '/etc/oqs/k.pem', readerCertificate: '/etc/oqs/r.pem', readerKey: '/etc/oqs/rk.pem' },
  certificates: { trustStore: '/etc/oqs/trust', ocspUrl: 'http://ocsp.example/ocsp', cardFacePublicKey: '/etc/oqs/face.der' },
  face: { framesPerAttempt: 6 },
  store: { file: '/var/lib/oqs/terminal.sqlite' },
  faceFolder: { path: '/var/lib/oqs/face', encoding: 'Shift_JIS' },
  languages: ['ja', 'en'],
  timeouts: {},
};

const files = (entries: Record<string, string>) => async (file: string): Promise<string> => {
  const text = entries[file];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  return text;
};

describe('shell arguments', () => {
  it('reads --config and --kiosk in both spellings, and leaves every other argument alone', () => {
    expect(parseShellArguments(['.', '--no-sandbox-is-not-ours', '--config', '/etc/oqs/terminal.json', '--kiosk=kiosk-1', '--kiosk', 'kiosk-2,kiosk-3', '--enable-logging'], {})).toEqual({
      configFile: '/etc/oqs/terminal.json',
      kioskIds: ['kiosk-1', 'kiosk-2', 'kiosk-3'],
    });
  });

  it('takes the file from the environment unless the command line names one', () => {
    expect(parseShellArguments([], { OQS_TERMINAL_CONFIG: '/etc/oqs/a.json' }).configFile).toBe('/etc/oqs/a.json');
    expect(parseShellArguments(['--config=/etc/oqs/b.json'], { OQS_TERMINAL_CONFIG: '/etc/oqs/a.json' }).configFile).toBe('/etc/oqs/b.json');
    expect(parseShellArguments([], { OQS_TERMINAL_CONFIG: '' }).configFile).toBeUndefined();
  });

  it('refuses a flag without its value', () => {
    expect(() => parseShellArguments(['--config'], {})).toThrow(/--config needs a value/);
    expect(() => parseShellArguments(['--kiosk='], {})).toThrow(/--kiosk needs a value/);
  });
});

describe('shell configuration', () => {
  const read = files({ '/etc/oqs/terminal.json': JSON.stringify(config), '/etc/oqs/broken.json': '{"facility":', '/etc/oqs/invalid.json': JSON.stringify({ ...config, kiosks: [] }) });

  it('is the file checked by terminal/, with every kiosk when none is named', async () => {
    const loaded = await loadShellConfig({ configFile: '/etc/oqs/terminal.json', kioskIds: [] }, read);
    expect(loaded.kiosks.map((kiosk) => kiosk.id)).toEqual(['kiosk-1', 'kiosk-2', 'kiosk-3']);
    expect(loaded.store.file).toBe('/var/lib/oqs/terminal.sqlite');
  });

  it('keeps only the kiosks named for this machine, in the file’s order', async () => {
    const loaded = await loadShellConfig({ configFile: '/etc/oqs/terminal.json', kioskIds: ['kiosk-3', 'kiosk-1'] }, read);
    expect(loaded.kiosks.map((kiosk) => kiosk.id)).toEqual(['kiosk-1', 'kiosk-3']);
  });

  it('fails with the terminal’s config code for every kind of bad start', async () => {
    const failures = [
      loadShellConfig({ configFile: undefined, kioskIds: [] }, read),
      loadShellConfig({ configFile: '/etc/oqs/missing.json', kioskIds: [] }, read),
      loadShellConfig({ configFile: '/etc/oqs/broken.json', kioskIds: [] }, read),
      loadShellConfig({ configFile: '/etc/oqs/invalid.json', kioskIds: [] }, read),
      loadShellConfig({ configFile: '/etc/oqs/terminal.json', kioskIds: ['kiosk-9'] }, read),
    ];
    const messages = [/--config FILE|OQS_TERMINAL_CONFIG/, /cannot read \/etc\/oqs\/missing\.json/, /is not JSON/, /kiosks/, /kiosk-9 is not a kiosk/];
    for (const [index, failure] of failures.entries()) {
      await expect(failure).rejects.toMatchObject({ code: 'TERMINAL_CONFIG_INVALID', message: expect.stringMatching(messages[index]!) });
    }
  });
});
