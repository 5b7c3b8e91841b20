import type { ConsentCategory, FaceQualityCode, LivenessChallenge, MessageId } from '../../flow/contract/view-models';

/** The languages of the kiosk: Japanese first, then English, Chinese, Korean and Vietnamese. */
export const LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Every word a patient reads or hears at the kiosk, in one language. The flow sends codes; these turn
 * them into plain words. Types make every entry required; a test checks none is empty or untranslated.
 */
export interface Catalogue {
  readonly language: Language;
  /** The language's own name, for the language switch. */
  readonly name: string;
  readonly messages: Readonly<Record<MessageId, string>>;
  /** One instruction at a time during the face capture: a quality code or the liveness action. */
  readonly instructions: Readonly<Record<FaceQualityCode | LivenessChallenge, string>>;
  readonly consentCategories: Readonly<Record<ConsentCategory, string>>;
  /** Buttons, counters and short notes. `{n}`, `{position}` and `{count}` are filled in by `fill`. */
  readonly labels: Readonly<Record<LabelId, string>>;
}

/** The words on the kiosk's controls and counters, beside the flow's messages. */
export type LabelId =
  | 'method-face'
  | 'method-pin'
  | 'call-staff'
  | 'cancel'
  | 'consent-agree'
  | 'consent-decline'
  | 'consent-all'
  | 'consent-position'
  | 'prescription-electronic'
  | 'prescription-paper'
  | 'pin-ok'
  | 'pin-clear'
  | 'pin-delete'
  | 'pin-digits-entered'
  | 'pin-tries-left'
  | 'pin-last-try-warning'
  | 'countdown'
  | 'language'
  | 'face-guide'
  | 'camera-unavailable'
  | 'connection-lost';

/** Puts values into a label's `{name}` places. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
