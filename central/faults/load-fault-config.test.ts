import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultConfigError } from './fault-config-error';
import { loadFaultConfigFile, parseFaultConfig } from './load-fault-config';

let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fault-config-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text, 'utf8');
  return path;
}

async function failureOf(promise: Promise<unknown>): Promise<FaultConfigError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FaultConfigError);
  return error as FaultConfigError;
}

describe('loadFaultConfigFile', () => {
  it('reads a valid file, with or without a byte-order mark', async () => {
    const config = { seed: 'file', errorRate: 0.1, outageWindows: [{ from: '2025-04-01T00:00:00Z', to: '2025-04-01T01:00:00Z' }] };
    expect(await loadFaultConfigFile(await fileWith('ok.json', JSON.stringify(config)))).toEqual(config);
    expect(await loadFaultConfigFile(await fileWith('bom.json', `\uFEFF${JSON.stringify(config)}`))).toEqual(config);
  });

  it('reports a missing file or a folder as unreadable', async () => {
    expect((await failureOf(loadFaultConfigFile(join(folder, 'absent.json')))).code).toBe('FAULT_CONFIG_UNREADABLE');
    await mkdir(join(folder, 'a-folder'));
    expect((await failureOf(loadFaultConfigFile(join(folder, 'a-folder')))).code).toBe('FAULT_CONFIG_UNREADABLE');
  });

  it('reports malformed JSON as invalid', async () => {
    const error = await failureOf(loadFaultConfigFile(await fileWith('broken.json', '{"seed": ')));
    expect(error.code).toBe('FAULT_CONFIG_INVALID');
    expect(error.message).toMatch(/not JSON/);
  });

  it('reports each bad field by name', async () => {
    const error = await failureOf(loadFaultConfigFile(await fileWith('bad.json', JSON.stringify({ seed: 's', errorRate: 3, latencyMs: { min: 9, max: 1 } }))));
    expect(error.code).toBe('FAULT_CONFIG_INVALID');
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^errorRate: /), expect.stringMatching(/^latencyMs\.min: /)]),
    );
    expect(error.message).toContain('errorRate');
    expect(error.message).toContain('latencyMs.min');
  });

  it('refuses a file too large to be a configuration', async () => {
    const path = await fileWith('huge.json', `{"seed":"s","pad":"${'x'.repeat(1024 * 1024)}"}`);
    expect((await failureOf(loadFaultConfigFile(path))).code).toBe('FAULT_CONFIG_INVALID');
  });
});

describe('parseFaultConfig', () => {
  it('returns the validated configuration or throws FAULT_CONFIG_INVALID', () => {
    expect(parseFaultConfig({ seed: 'p' })).toEqual({ seed: 'p' });
    expect(() => parseFaultConfig({ seed: 'p', routes: [1] })).toThrow(/routes\[0\]/);
  });
});
