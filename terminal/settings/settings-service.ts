import type { FacilitySettingsDocument, SettingsProblem, SettingsSaved, SettingsView } from '../../flow/contract/console-settings';
import type { Clock } from '../../flow/ports/clock';
import { StoreError } from '../../store/errors';
import type { SqliteFacilitySettingsStore, StoredFacilitySettings } from '../../store/facility-settings-store';
import type { ReceptionConfig } from '../config';
import { changedSections, checkFacilitySettings, configWithSettings, RESTART_SECTIONS, settingsOfConfig, type SettingsFeasibility } from './facility-settings';

/** Where saved settings go to work without a restart. */
export interface LiveSettingsTargets {
  /** Each kiosk takes them for its next reception (at once when it waits for a card). */
  readonly reconfigureKiosks: (settings: FacilitySettingsDocument) => void;
  readonly setFaceFileEncoding: (encoding: FacilitySettingsDocument['faceFileEncoding']) => void;
}

export type SettingsSaveOutcome =
  | { readonly ok: true; readonly saved: SettingsSaved }
  | { readonly ok: false; readonly code: 'SETTINGS_INVALID'; readonly problems: readonly SettingsProblem[] }
  | { readonly ok: false; readonly code: 'SETTINGS_CONFLICT' | 'SETTINGS_UNCHANGED'; readonly problems: readonly SettingsProblem[] };

export interface StartupSettings {
  /** The configuration file with the newest intact, valid saved settings laid over it. */
  readonly config: ReceptionConfig;
  /** Why saved settings were not used, if they were not (a coded line for the terminal's log). */
  readonly refused?: { readonly code: 'SETTINGS_STORED_TAMPERED' | 'SETTINGS_STORED_INVALID'; readonly detail: string };
}

/**
 * At start: the settings an administrator saved, if they are intact and still pass today's rules and
 * what this machine can run (`feasible`); otherwise the configuration file's, so that a saved setting
 * can never keep the terminal from starting.
 */
export function startupSettings(fileConfig: ReceptionConfig, store: SqliteFacilitySettingsStore, feasible: SettingsFeasibility = () => []): StartupSettings {
  const stored = store.latest();
  if (stored === undefined) return { config: fileConfig };
  if (!stored.intact) {
    return { config: fileConfig, refused: { code: 'SETTINGS_STORED_TAMPERED', detail: `settings version ${stored.version} does not match its checksum; the configuration file's values are used` } };
  }
  const checked = checkFacilitySettings(parseJson(stored.document), feasible);
  if (!checked.ok) {
    const problems = checked.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    return { config: fileConfig, refused: { code: 'SETTINGS_STORED_INVALID', detail: `settings version ${stored.version} is not valid (${problems}); the configuration file's values are used` } };
  }
  return { config: configWithSettings(fileConfig, checked.settings) };
}

/**
 * The 管理者's settings: the saved versions in the store, the ones the terminal runs on, and the doors
 * by which a save reaches the running kiosks. A save is checked whole, stored with its audit row, then
 * applied: every section at once that can be, the 医療機関コード and the kiosks at the next start.
 */
export class FacilitySettingsService {
  private running: FacilitySettingsDocument;

  constructor(
    private readonly store: SqliteFacilitySettingsStore,
    /** The configuration the terminal started on (the file with the saved settings over it). */
    startedOn: ReceptionConfig,
    private readonly targets: LiveSettingsTargets,
    private readonly clock: Clock,
    private readonly feasible: SettingsFeasibility = () => [],
  ) {
    this.running = settingsOfConfig(startedOn);
  }

  /** The facility's name as PDFs show it, after the last save. */
  facilityName(): string {
    return this.running.facility.name ?? `医療機関コード ${this.running.facility.medicalInstitutionCode}`;
  }

  view(): SettingsView {
    const stored = this.store.latest();
    const saved = stored === undefined ? undefined : this.usable(stored);
    const settings = saved ?? this.running;
    return {
      version: stored?.version ?? 0,
      savedAt: stored?.savedAt ?? null,
      savedBy: stored?.savedBy ?? null,
      settings,
      restartPending: changedSections(this.running, settings).filter((section) => RESTART_SECTIONS.includes(section)),
      intact: stored === undefined || saved !== undefined,
    };
  }

  save(value: unknown, baseVersion: unknown, account: string): SettingsSaveOutcome {
    const checked = checkFacilitySettings(value, this.feasible);
    if (!checked.ok) return { ok: false, code: 'SETTINGS_INVALID', problems: checked.problems };
    if (typeof baseVersion !== 'number' || !Number.isInteger(baseVersion) || baseVersion < 0) {
      return { ok: false, code: 'SETTINGS_INVALID', problems: [{ path: 'baseVersion', message: 'the version the form was read at is missing' }] };
    }
    const before = this.view().settings;
    const changed = changedSections(before, checked.settings);
    if (changed.length === 0) return { ok: false, code: 'SETTINGS_UNCHANGED', problems: [] };
    let stored: StoredFacilitySettings;
    try {
      stored = this.store.save({
        baseVersion,
        document: JSON.stringify(checked.settings),
        savedBy: account,
        at: this.clock.now(),
        changes: Object.fromEntries(changed.map((section) => [section, true])),
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'SETTINGS_CONFLICT') {
        return { ok: false, code: 'SETTINGS_CONFLICT', problems: [{ path: '(root)', message: 'another administrator saved the settings after this form was read' }] };
      }
      throw error;
    }
    const live = changed.filter((section) => !RESTART_SECTIONS.includes(section));
    this.apply(checked.settings);
    return { ok: true, saved: { version: stored.version, applied: live, restartRequired: changed.filter((section) => RESTART_SECTIONS.includes(section)) } };
  }

  private apply(saved: FacilitySettingsDocument): void {
    // What needs a restart keeps running as it started; everything else is the saved value from now on.
    this.running = { ...saved, facility: { ...saved.facility, medicalInstitutionCode: this.running.facility.medicalInstitutionCode }, kiosks: this.running.kiosks };
    this.targets.reconfigureKiosks(this.running);
    this.targets.setFaceFileEncoding(this.running.faceFileEncoding);
  }

  private usable(stored: StoredFacilitySettings): FacilitySettingsDocument | undefined {
    if (!stored.intact) return undefined;
    const checked = checkFacilitySettings(parseJson(stored.document));
    return checked.ok ? checked.settings : undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
