import { z } from 'zod';
import type { FacilitySettingsDocument, SettingsProblem, SettingsSection } from '../../flow/contract/console-settings';
import type { ReceptionTimeouts } from '../../flow/reception-settings';
import { checkWarningsComeFirst, receptionConfigSchema, timeoutKeys, timeoutsOf, type ReceptionConfig } from '../config';

/**
 * The settings an administrator may change on the console, checked by the same rules as the
 * configuration file (one schema, two doors), and how they lay over it.
 */
/**
 * What a console save may set each time limit to (ms). Stricter than the configuration file, which
 * tests run with short limits: from the console, a limit no patient could meet, or a dependency given
 * no time to answer, would stop every reception until someone changed it back.
 */
export const TIMEOUT_BOUNDS: Readonly<Record<keyof ReceptionTimeouts, readonly [number, number]>> = {
  methodChoiceMs: [10_000, 900_000],
  cardFrontMs: [10_000, 900_000],
  faceCaptureMs: [10_000, 900_000],
  pinEntryMs: [10_000, 900_000],
  fallbackChoiceMs: [10_000, 900_000],
  consentMs: [10_000, 900_000],
  prescriptionMs: [10_000, 900_000],
  staffWaitMs: [60_000, 3_600_000],
  visualCheckMs: [60_000, 3_600_000],
  resultDisplayMs: [2_000, 120_000],
  removeCardReminderMs: [5_000, 600_000],
  warningBeforeMs: [3_000, 120_000],
  cardOperationMs: [2_000, 120_000],
  certificateMs: [2_000, 120_000],
  faceOperationMs: [2_000, 120_000],
  centralMs: [5_000, 120_000],
  storeMs: [1_000, 60_000],
};

const timeoutsSchema = z
  .strictObject(
    Object.fromEntries(
      timeoutKeys.map((key) => {
        const [min, max] = TIMEOUT_BOUNDS[key];
        return [key, z.number().int().min(min, `${min / 1000} 秒以上 / at least ${min} ms`).max(max, `${max / 1000} 秒以下 / at most ${max} ms`)];
      }),
    ) as Record<keyof ReceptionTimeouts, z.ZodNumber>,
  )
  .superRefine((timeouts, ctx) => checkWarningsComeFirst(timeouts, ctx));

export const facilitySettingsSchema = z.strictObject({
  facility: receptionConfigSchema.shape.facility,
  kiosks: receptionConfigSchema.shape.kiosks,
  timeouts: timeoutsSchema,
  languages: receptionConfigSchema.shape.languages.refine((languages) => new Set(languages).size === languages.length, 'each language once'),
  faceFileEncoding: receptionConfigSchema.shape.faceFolder.shape.encoding,
});

export type SettingsCheck = { readonly ok: true; readonly settings: FacilitySettingsDocument } | { readonly ok: false; readonly problems: readonly SettingsProblem[] };

/** What only the running terminal knows makes a setting impossible (e.g. a kiosk with no card-front scanner connected). */
export type SettingsFeasibility = (settings: FacilitySettingsDocument) => readonly SettingsProblem[];

/** A kiosk whose 照合番号B comes from a card-front scanner needs one connected on this machine (`connected`, by kiosk id). */
export function scannersConnected(connected: ReadonlyMap<string, unknown> | undefined): SettingsFeasibility {
  return (settings) =>
    settings.kiosks.flatMap((kiosk, index) =>
      kiosk.cardFront === 'printed-fields' && connected?.get(kiosk.id) === undefined
        ? [{ path: `kiosks.${index}.cardFront`, message: `受付機 ${kiosk.id} には券面読取装置がつながっていません。「職員が入力」にしてください / no card-front scanner is connected for ${kiosk.id}: use staff entry` }]
        : [],
    );
}

export function checkFacilitySettings(value: unknown, feasible: SettingsFeasibility = () => []): SettingsCheck {
  const parsed = facilitySettingsSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })) };
  const problems = feasible(parsed.data);
  return problems.length === 0 ? { ok: true, settings: parsed.data } : { ok: false, problems };
}

export function settingsOfConfig(config: ReceptionConfig): FacilitySettingsDocument {
  return {
    facility: config.facility,
    kiosks: config.kiosks,
    timeouts: timeoutsOf(config),
    languages: config.languages,
    faceFileEncoding: config.faceFolder.encoding,
  };
}

/** The configuration with the settings laid over it: what the terminal runs on. */
export function configWithSettings(config: ReceptionConfig, settings: FacilitySettingsDocument): ReceptionConfig {
  return {
    ...config,
    facility: { ...settings.facility, consentCategories: [...settings.facility.consentCategories] },
    kiosks: settings.kiosks.map((kiosk) => ({ ...kiosk })),
    timeouts: { ...settings.timeouts },
    languages: [...settings.languages],
    faceFolder: { ...config.faceFolder, encoding: settings.faceFileEncoding },
  };
}

const SECTIONS: Record<SettingsSection, (settings: FacilitySettingsDocument) => unknown> = {
  facilityCode: (settings) => settings.facility.medicalInstitutionCode,
  facilityName: (settings) => settings.facility.name ?? null,
  consentScreens: (settings) => settings.facility.consentCategories,
  prescriptionQuestion: (settings) => settings.facility.issuesElectronicPrescriptions,
  kiosks: (settings) => settings.kiosks.map((kiosk) => [kiosk.id, kiosk.readerName, kiosk.cardFront, kiosk.extendedLength === true]),
  timeouts: (settings) => timeoutKeys.map((key) => settings.timeouts[key]),
  languages: (settings) => settings.languages,
  faceFileEncoding: (settings) => settings.faceFileEncoding,
};

/** The sections that differ, in a fixed order. */
export function changedSections(before: FacilitySettingsDocument, after: FacilitySettingsDocument): SettingsSection[] {
  return (Object.keys(SECTIONS) as SettingsSection[]).filter((section) => JSON.stringify(SECTIONS[section](before)) !== JSON.stringify(SECTIONS[section](after)));
}

/**
 * What a running terminal cannot take: the 医療機関コード is in the central client, the face files and
 * the audit of every reception; the kiosks are bound to readers and flows at start.
 */
export const RESTART_SECTIONS: readonly SettingsSection[] = ['facilityCode', 'kiosks'];
