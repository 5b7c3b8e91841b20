import { describe, expect, it } from 'vitest';
import { parseReceptionConfig } from './config';
import { consoleAuthSettingsOf } from './console/auth/settings';
import { SAMPLE_CONFIG_INPUT } from './testing/sample-config';

const valid = SAMPLE_CONFIG_INPUT;

describe('terminal configuration', () => {
  it('accepts a whole configuration', () => {
    expect(parseReceptionConfig(valid).kiosks[0]?.id).toBe('kiosk-1');
  });

  it('names every problem by its path, with a code', () => {
    const broken = {
      ...valid,
      facility: { ...valid.facility, medicalInstitutionCode: '123' },
      kiosks: [valid.kiosks[0], { ...valid.kiosks[0], id: 'kiosk-1' }],
      central: { ...valid.central, url: 'http://plain.example' },
      timeouts: { consentMs: 10_000, storeMs: 0 },
      extra: true,
    };
    let failure: unknown;
    try {
      parseReceptionConfig(broken);
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'TERMINAL_CONFIG_INVALID' });
    const message = (failure as Error).message;
    for (const path of ['facility.medicalInstitutionCode', 'kiosks.1.id', 'kiosks.1.readerName', 'central.url', 'timeouts.storeMs', '(root)']) expect(message).toContain(path);
  });
});

describe('the console section', () => {
  it('is optional; absent, the defaults hold (15 min idle, 12 h, 5 failures lock 15 min, no role needs TOTP)', () => {
    const settings = consoleAuthSettingsOf(parseReceptionConfig(valid).console);
    expect(settings).toMatchObject({ idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 12 * 3_600_000, lockout: { maxFailures: 5, lockForMs: 15 * 60_000 }, totpRequiredFor: [] });
  });

  it('sets each rule, and refuses values outside their bounds', () => {
    const console = { idleTimeoutMinutes: 5, absoluteTimeoutHours: 8, lockout: { maxFailures: 3, minutes: 30 }, totpRequiredFor: ['clinician', 'admin'], loginAttemptsPerMinute: 5 };
    expect(consoleAuthSettingsOf(parseReceptionConfig({ ...valid, console }).console)).toMatchObject({
      idleTimeoutMs: 5 * 60_000,
      absoluteTimeoutMs: 8 * 3_600_000,
      lockout: { maxFailures: 3, lockForMs: 30 * 60_000 },
      totpRequiredFor: ['clinician', 'admin'],
      loginRateLimit: { max: 5, windowMs: 60_000 },
    });
    for (const bad of [{ idleTimeoutMinutes: 0 }, { lockout: { maxFailures: 1, minutes: 15 } }, { totpRequiredFor: ['root'] }, { totpRequiredFor: ['admin', 'admin'] }, { sessionSeconds: 1 }]) {
      expect(() => parseReceptionConfig({ ...valid, console: bad }), JSON.stringify(bad)).toThrow(/console/);
    }
  });
});
