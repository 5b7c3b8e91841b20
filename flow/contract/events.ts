// What the screens, the staff console and the devices send to the flow: dot-namespaced events.
// `parseScreenEvent` and `parseStaffEvent` are the only way an event from outside reaches a flow: an
// unknown or malformed one is refused with a code and changes nothing.

import { CONSENT_CATEGORIES, type ConsentCategory, type PrescriptionForm } from '../ports/central-system';
import type { LiveFrame } from '../ports/face-verifier';

/** From the patient's screen. */
export type ScreenEvent =
  | { readonly type: 'method.chosen'; readonly method: 'face' | 'pin' }
  | { readonly type: 'face.frame'; readonly frame: LiveFrame }
  | { readonly type: 'pin.entered'; readonly pin: string }
  | { readonly type: 'consent.answered'; readonly category: ConsentCategory; readonly agreed: boolean }
  /** 包括同意: every category shown is agreed in one tap. */
  | { readonly type: 'consent.all' }
  | { readonly type: 'prescription.chosen'; readonly form: PrescriptionForm }
  | { readonly type: 'fallback.chosen'; readonly choice: 'pin' | 'staff' }
  /** The patient asks for staff (a button on every screen). */
  | { readonly type: 'staff.requested' }
  | { readonly type: 'reception.cancelled' };

/** From the staff console; `staffId` is set by the terminal from the signed-in account, never by the page. */
export type StaffEvent =
  | { readonly type: 'staff.visualCheck.started'; readonly staffId: string }
  | { readonly type: 'staff.visualCheck.approved'; readonly staffId: string }
  | { readonly type: 'staff.visualCheck.rejected'; readonly staffId: string }
  | { readonly type: 'staff.reception.cancelled'; readonly staffId: string };

/** From the reader, through the terminal. `receptionId` is fresh for every insertion. */
export type DeviceEvent =
  | { readonly type: 'card.inserted'; readonly receptionId: string }
  | { readonly type: 'card.removed' };

export type FlowEvent = ScreenEvent | StaffEvent | DeviceEvent;

export type EventRefusalCode =
  /** Not an object with a known `type`. */
  | 'EVENT_UNKNOWN'
  /** A known type whose fields are missing or wrong. */
  | 'EVENT_MALFORMED'
  /** Well formed, but the flow does not take it in its present state. */
  | 'EVENT_NOT_ACCEPTED';

export type Parsed<T> = { readonly ok: true; readonly event: T } | { readonly ok: false; readonly code: EventRefusalCode; readonly detail: string };

/** Largest frame the kiosk may send: 1920×1080 RGBA. */
export const MAX_FRAME_PIXELS = 1920 * 1080;
const BYTES_PER_PIXEL = { rgba: 4, rgb: 3, gray: 1 } as const;

const SCREEN_EVENT_TYPES = new Set<string>([
  'method.chosen',
  'face.frame',
  'pin.entered',
  'consent.answered',
  'consent.all',
  'prescription.chosen',
  'fallback.chosen',
  'staff.requested',
  'reception.cancelled',
]);

const STAFF_EVENT_TYPES = new Set<string>([
  'staff.visualCheck.started',
  'staff.visualCheck.approved',
  'staff.visualCheck.rejected',
  'staff.reception.cancelled',
]);

export function parseScreenEvent(value: unknown): Parsed<ScreenEvent> {
  if (!isRecord(value) || typeof value.type !== 'string' || !SCREEN_EVENT_TYPES.has(value.type)) {
    return refuse('EVENT_UNKNOWN', 'not a screen event');
  }
  switch (value.type) {
    case 'method.chosen':
      return value.method === 'face' || value.method === 'pin'
        ? accept({ type: 'method.chosen', method: value.method })
        : refuse('EVENT_MALFORMED', 'method must be face or pin');
    case 'face.frame': {
      const frame = liveFrameOf(value.frame);
      return typeof frame === 'string' ? refuse('EVENT_MALFORMED', frame) : accept({ type: 'face.frame', frame });
    }
    case 'pin.entered':
      // The PIN itself never appears in a refusal.
      return typeof value.pin === 'string' && /^[0-9]{4}$/.test(value.pin)
        ? accept({ type: 'pin.entered', pin: value.pin })
        : refuse('EVENT_MALFORMED', 'a PIN is 4 digits');
    case 'consent.answered':
      return isConsentCategory(value.category) && typeof value.agreed === 'boolean'
        ? accept({ type: 'consent.answered', category: value.category, agreed: value.agreed })
        : refuse('EVENT_MALFORMED', 'consent.answered needs a category and agreed true/false');
    case 'prescription.chosen':
      return value.form === 'electronic' || value.form === 'paper'
        ? accept({ type: 'prescription.chosen', form: value.form })
        : refuse('EVENT_MALFORMED', 'form must be electronic or paper');
    case 'fallback.chosen':
      return value.choice === 'pin' || value.choice === 'staff'
        ? accept({ type: 'fallback.chosen', choice: value.choice })
        : refuse('EVENT_MALFORMED', 'choice must be pin or staff');
    case 'consent.all':
      return accept({ type: 'consent.all' });
    case 'staff.requested':
      return accept({ type: 'staff.requested' });
    default:
      return accept({ type: 'reception.cancelled' });
  }
}

/** A staff action; `staffId` comes from the terminal's session, checked here for shape only. */
export function parseStaffEvent(value: unknown, staffId: string): Parsed<StaffEvent> {
  if (!isRecord(value) || typeof value.type !== 'string' || !STAFF_EVENT_TYPES.has(value.type)) {
    return refuse('EVENT_UNKNOWN', 'not a staff event');
  }
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(staffId)) return refuse('EVENT_MALFORMED', 'staff id');
  return accept({ type: value.type as StaffEvent['type'], staffId });
}

function liveFrameOf(value: unknown): LiveFrame | string {
  if (!isRecord(value)) return 'a frame is an object';
  const { width, height, format, data, capturedAtMs } = value;
  if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) < 1 || (height as number) < 1) return 'frame size';
  if ((width as number) * (height as number) > MAX_FRAME_PIXELS) return 'frame too large';
  if (format !== 'rgba' && format !== 'rgb' && format !== 'gray') return 'frame format';
  if (!(data instanceof Uint8Array)) return 'frame data';
  if (data.length !== (width as number) * (height as number) * BYTES_PER_PIXEL[format]) return 'frame data length';
  if (typeof capturedAtMs !== 'number' || !Number.isFinite(capturedAtMs)) return 'frame time';
  return { width: width as number, height: height as number, format, data, capturedAtMs };
}

function isConsentCategory(value: unknown): value is ConsentCategory {
  return typeof value === 'string' && (CONSENT_CATEGORIES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function accept<T>(event: T): Parsed<T> {
  return { ok: true, event };
}

function refuse(code: EventRefusalCode, detail: string): { ok: false; code: EventRefusalCode; detail: string } {
  return { ok: false, code, detail };
}
