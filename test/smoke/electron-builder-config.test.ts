import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Packaging cannot run here (it downloads Electron), so the configuration is checked against
// electron-builder's own schema, and the hardening it promises is asserted one fuse at a time.
describe('electron-builder.yml', () => {
  it('is valid for electron-builder and keeps the kiosk fuses hardened', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(config.files).not.toContain('fixtures/**');
  });

  it('the validator rejects a configuration with an unknown option', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    const broken = { ...config, electronFusez: { runAsNode: true } } as typeof config;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFusez/);
  });
});
