import { z } from 'zod';
import type { FacilitySettingsDocument, SettingsProblem, SettingsSection } from '../../flow/contract/console-settings';
import type { ReceptionTimeouts } from '../../flow/reception-settings';
import { checkWarningsComeFirst, receptionConfigSchema, timeoutKeys, timeoutsOf, type ReceptionConfig } from '../config';

/**
 * The settings an administrator may change on the console, checked by the same rules as the
 * configuration file (one schema, two doors), and how they lay over it.
 */
const timeoutsSchema = z
  .strictObject(Object.fromEntries(timeoutKeys.map((key) => [key, z.number().int().min(1).max(3_600_000)])) as Record<keyof ReceptionTimeouts, z.ZodNumber>)
  .superRefine((timeouts, ctx) => checkWarningsComeFirst(timeouts, ctx));

export const facilitySettingsSchema = z.strictObject({
  facility: receptionConfigSchema.shape.facility,
  kiosks: receptionConfigSchema.shape.kiosks,
  timeouts: timeoutsSchema,
  languages: receptionConfigSchema.shape.languages.refine((languages) => new Set(languages).size === languages.length, 'each language once'),
  faceFileEncoding: receptionConfigSchema.shape.faceFolder.shape.encoding,
});

export type SettingsCheck = { readonly ok: true; readonly settings: FacilitySettingsDocument } | { readonly ok: false; readonly problems: readonly SettingsProblem[] };

export function checkFacilitySettings(value: unknown): SettingsCheck {
  const parsed = facilitySettingsSchema.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })) };
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
