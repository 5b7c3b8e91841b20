import type { AuthenticationMethod, CardConfirmationAnswer } from '../../flow/ports/central-system';
import type { ReceptionCompletion, ReceptionQueued } from '../../flow/ports/reception-store';

/** Inputs for the store's tests: made-up ids, a dummy certificate, codes as the central system sends them. */
export const KIOSK = 'kiosk-1';
export const T0 = new Date('2026-11-21T01:00:00.000Z');

export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** The completion the outage worker builds for a sampleQueued entry (same method). */
export function sampleQueuedCompletion(receptionId: string, endedAt = at(200)): ReceptionCompletion {
  return sampleCompletion(receptionId, endedAt, KIOSK, 'pin');
}

/** Not a real certificate: the store keeps the bytes without reading them. */
export const SAMPLE_CERTIFICATE = Uint8Array.from([0x30, 0x82, 0x01, 0x0a, 0xde, 0xad, 0xbe, 0xef]);

export function sampleAnswer(receptionId: string, overrides: Partial<CardConfirmationAnswer> = {}): CardConfirmationAnswer {
  return {
    ok: true,
    receptionId,
    processingResultStatus: '1',
    qualificationValidity: '1',
    people: [{ birthDate: '1980-02-17', sexCode: '1' }],
    document: { kind: 'qualification-response' },
    ...overrides,
  };
}

export function sampleCompletion(receptionId: string, endedAt = at(60), kioskId = KIOSK, method: AuthenticationMethod = 'face'): ReceptionCompletion {
  return {
    receptionId,
    kioskId,
    endedAt,
    method,
    consents: { pharmaceutical: true, specificHealthCheckups: false },
    crossCheck: 'matched',
    answer: sampleAnswer(receptionId),
  };
}

export function sampleQueued(receptionId: string, queuedAt = at(60), kioskId = KIOSK): ReceptionQueued {
  return {
    receptionId,
    kioskId,
    queuedAt,
    facts: { certificateDer: SAMPLE_CERTIFICATE, method: 'pin', consents: { pharmaceutical: true, diagnosis: true }, prescriptionForm: 'electronic' },
    cardFace: { birthDate: '1980-02-17', sexCode: '1' },
  };
}
