import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacilitySettingsDocument } from '../../flow/contract/console-settings';
import { DEFAULT_TIMEOUTS } from '../../flow/reception-settings';
import { SqliteFacilitySettingsStore } from '../../store/facility-settings-store';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { parseReceptionConfig, type ReceptionConfig } from '../config';
import { SAMPLE_CONFIG_INPUT } from '../testing/sample-config';
import { checkFacilitySettings, scannersConnected, settingsOfConfig } from './facility-settings';
import { FacilitySettingsService, startupSettings } from './settings-service';

const fileConfig: ReceptionConfig = parseReceptionConfig({
  ...SAMPLE_CONFIG_INPUT,
  facility: { ...SAMPLE_CONFIG_INPUT.facility, consentCategories: ['pharmaceutical', 'specificHealthCheckups'] },
  languages: ['ja', 'en'],
  timeouts: { consentMs: 45_000 },
});

const NOW = new Date('2026-12-05T01:00:00.000Z');

describe('the facility settings service', () => {
  let temp: TempReceptionStore;
  let store: SqliteFacilitySettingsStore;
  let applied: { kiosks: FacilitySettingsDocument[]; encodings: string[] };
  let service: FacilitySettingsService;
  beforeEach(() => {
    temp = openTempReceptionStore();
    store = new SqliteFacilitySettingsStore(temp.db);
    applied = { kiosks: [], encodings: [] };
    service = new FacilitySettingsService(
      store,
      fileConfig,
      { reconfigureKiosks: (settings) => applied.kiosks.push(settings), setFaceFileEncoding: (encoding) => applied.encodings.push(encoding) },
      { now: () => NOW },
    );
  });
  afterEach(() => temp.dispose());

  const audit = () => temp.db.prepare("SELECT actor_id AS actor, detail_json AS detail FROM audit_log WHERE event = 'SETTINGS_CHANGED'").all();

  it('shows the configuration file’s values, every timeout filled in, until an administrator saves', () => {
    const view = service.view();
    expect(view).toMatchObject({ version: 0, savedAt: null, savedBy: null, restartPending: [], intact: true });
    expect(view.settings.timeouts).toEqual({ ...DEFAULT_TIMEOUTS, consentMs: 45_000 });
    expect(view.settings.faceFileEncoding).toBe('Shift_JIS');
  });

  it('saves a change, audits which sections changed, and applies at once what needs no restart', () => {
    const edited: FacilitySettingsDocument = {
      ...service.view().settings,
      facility: { ...fileConfig.facility, name: '見本薬局', consentCategories: ['pharmaceutical'] },
      languages: ['ja', 'vi'],
      faceFileEncoding: 'UTF-8',
    };
    expect(service.save(edited, 0, 'kanri')).toEqual({ ok: true, saved: { version: 1, applied: ['facilityName', 'consentScreens', 'languages', 'faceFileEncoding'], restartRequired: [] } });
    expect(applied.kiosks.at(-1)?.facility.consentCategories).toEqual(['pharmaceutical']);
    expect(applied.kiosks.at(-1)?.languages).toEqual(['ja', 'vi']);
    expect(applied.encodings).toEqual(['UTF-8']);
    expect(service.facilityName()).toBe('見本薬局');
    expect(service.view()).toMatchObject({ version: 1, savedBy: 'kanri', savedAt: NOW.toISOString(), restartPending: [] });
    expect(audit().map((row) => ({ ...(row as { actor: string }), detail: JSON.parse((row as { detail: string }).detail) }))).toEqual([
      { actor: 'kanri', detail: { consentScreens: true, faceFileEncoding: true, facilityName: true, languages: true, version: 1, checksum: expect.stringMatching(/^[0-9A-F]{64}$/) } },
    ]);
  });

  it('keeps the 医療機関コード and the kiosks as they started until a restart, and says so', () => {
    const edited: FacilitySettingsDocument = {
      ...service.view().settings,
      facility: { ...fileConfig.facility, medicalInstitutionCode: '1399999998' },
      kiosks: [...fileConfig.kiosks, { id: 'kiosk-2', readerName: 'Virtual PCD 00 01', cardFront: 'staff-entry' }],
    };
    expect(service.save(edited, 0, 'kanri')).toEqual({ ok: true, saved: { version: 1, applied: [], restartRequired: ['facilityCode', 'kiosks'] } });
    expect(applied.kiosks.at(-1)?.facility.medicalInstitutionCode).toBe('1399999999');
    expect(applied.kiosks.at(-1)?.kiosks).toHaveLength(1);
    expect(service.view()).toMatchObject({ restartPending: ['facilityCode', 'kiosks'] });
    expect(service.view().settings.kiosks).toHaveLength(2);
    // The next start runs on them.
    const next = startupSettings(fileConfig, store);
    expect(next.refused).toBeUndefined();
    expect(next.config.facility.medicalInstitutionCode).toBe('1399999998');
    expect(next.config.kiosks.map((kiosk) => kiosk.id)).toEqual(['kiosk-1', 'kiosk-2']);
    expect(next.config.central).toEqual(fileConfig.central);
  });

  it('refuses settings that break a rule, naming each field, and stores and applies nothing', () => {
    const settings = service.view().settings;
    const outcome = service.save(
      {
        ...settings,
        facility: { ...settings.facility, medicalInstitutionCode: '12345', consentCategories: ['pharmaceutical', 'pharmaceutical'] },
        kiosks: [],
        timeouts: { ...settings.timeouts, consentMs: 10_000 },
        languages: ['ja', 'fr'],
        faceFileEncoding: 'EUC-JP',
        extra: 1,
      },
      0,
      'kanri',
    );
    expect(outcome.ok).toBe(false);
    const paths = outcome.ok ? [] : outcome.problems.map((problem) => problem.path);
    for (const path of ['facility.medicalInstitutionCode', 'facility.consentCategories', 'kiosks', 'timeouts.consentMs', 'languages.1', 'faceFileEncoding', '(root)']) expect(paths).toContain(path);
    expect(service.save(settings, undefined, 'kanri')).toMatchObject({ ok: false, code: 'SETTINGS_INVALID' });
    expect(store.latest()).toBeUndefined();
    expect(applied).toEqual({ kiosks: [], encodings: [] });
    expect(audit()).toEqual([]);
  });

  it('refuses a save over one made since the form was read, and one that changes nothing', () => {
    const settings = service.view().settings;
    expect(service.save(settings, 0, 'kanri')).toMatchObject({ ok: false, code: 'SETTINGS_UNCHANGED' });
    expect(service.save({ ...settings, languages: ['ja'] }, 0, 'kanri')).toMatchObject({ ok: true });
    expect(service.save({ ...settings, languages: ['ja', 'ko'] }, 0, 'kanri-2')).toMatchObject({ ok: false, code: 'SETTINGS_CONFLICT' });
    expect(service.view().settings.languages).toEqual(['ja']);
  });

  it('starts on the configuration file when the saved settings were edited by hand or no longer pass the rules', () => {
    store.save({ baseVersion: 0, document: JSON.stringify({ ...settingsOfConfig(fileConfig), languages: ['ja', 'ko'] }), savedBy: 'kanri', at: NOW, changes: {} });
    expect(startupSettings(fileConfig, store).config.languages).toEqual(['ja', 'ko']);
    store.save({ baseVersion: 1, document: JSON.stringify({ languages: ['xx'] }), savedBy: 'kanri', at: NOW, changes: {} });
    const invalid = startupSettings(fileConfig, store);
    expect(invalid.refused?.code).toBe('SETTINGS_STORED_INVALID');
    expect(invalid.config).toBe(fileConfig);
    expect(service.view().intact).toBe(false);
    temp.db.exec('DROP TRIGGER facility_settings_no_update; DROP TRIGGER facility_settings_no_delete');
    temp.db.prepare('UPDATE facility_settings SET settings_json = ? WHERE version = 1').run(JSON.stringify({ ...settingsOfConfig(fileConfig), languages: ['ja', 'zh'] }));
    temp.db.prepare('DELETE FROM facility_settings WHERE version = 2').run();
    const tampered = startupSettings(fileConfig, store);
    expect(tampered.refused?.code).toBe('SETTINGS_STORED_TAMPERED');
    expect(tampered.config.languages).toEqual(['ja', 'en']);
  });

  it('refuses from the console a time limit no patient or part could meet', () => {
    const settings = service.view().settings;
    for (const [key, value] of [['pinEntryMs', 1], ['storeMs', 1], ['warningBeforeMs', 1], ['centralMs', 3_600_000]] as const) {
      const outcome = service.save({ ...settings, timeouts: { ...settings.timeouts, [key]: value } }, 0, 'kanri');
      expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.path)).toContain(`timeouts.${key}`);
    }
    expect(store.latest()).toBeUndefined();
  });

  it('refuses what this machine cannot run, at a save and at the next start, so a saved setting never keeps the terminal from starting', () => {
    const noScanners = scannersConnected(new Map());
    const strict = new FacilitySettingsService(store, fileConfig, { reconfigureKiosks: () => undefined, setFaceFileEncoding: () => undefined }, { now: () => NOW }, noScanners);
    const settings = strict.view().settings;
    const added = { ...settings, kiosks: [...settings.kiosks.map((kiosk) => ({ ...kiosk, cardFront: 'staff-entry' as const })), { id: 'kiosk-2', readerName: 'Virtual PCD 00 01', cardFront: 'printed-fields' as const }] };
    expect(strict.save(added, 0, 'kanri')).toMatchObject({ ok: false, code: 'SETTINGS_INVALID', problems: [{ path: 'kiosks.1.cardFront' }] });
    expect(checkFacilitySettings(added, scannersConnected(new Map([['kiosk-2', {}]]))).ok).toBe(true);
    // Saved where a scanner was connected, started where none is: the file's kiosks, and a coded line.
    expect(service.save(added, 0, 'kanri')).toMatchObject({ ok: true });
    const started = startupSettings(fileConfig, store, noScanners);
    expect(started.refused?.code).toBe('SETTINGS_STORED_INVALID');
    expect(started.refused?.detail).toContain('kiosks.1.cardFront');
    expect(started.config).toBe(fileConfig);
  });
});
