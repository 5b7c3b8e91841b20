import { describe, expect, it } from 'vitest';
import { createActor, waitFor, type Actor } from 'xstate';
import type { ReceptionEmitted } from './reception-context';
import { createReceptionMachine, type ReceptionMachine } from './reception-machine';
import { defaultReceptionSettings, DEFAULT_TIMEOUTS, type ReceptionSettings } from './reception-settings';
import { FakePorts, grayFrame, outage, personAnswer } from './testing/fake-ports';
import { isInState, kioskViewOf, staffViewOf } from './view-model';

type ReceptionActor = Actor<ReceptionMachine>;

function start(ports: FakePorts, settings: Partial<ReceptionSettings> = {}) {
  const machine = createReceptionMachine(ports.dependencies(), { ...defaultReceptionSettings('kiosk-1'), ...settings });
  const actor = createActor(machine, { clock: ports.clock });
  const emitted: ReceptionEmitted[] = [];
  for (const type of ['reception.started', 'reception.staffCalled', 'reception.ended', 'visualCheck.decided'] as const) {
    actor.on(type, (event) => emitted.push(event));
  }
  actor.start();
  return { actor, emitted };
}

const inState = (actor: ReceptionActor, state: string) => waitFor(actor, (snapshot) => isInState(snapshot.value, state), { timeout: 2_000 });
const view = (actor: ReceptionActor) => kioskViewOf(actor.getSnapshot(), 0);

async function insertCard(actor: ReceptionActor, receptionId = 'r-1') {
  actor.send({ type: 'card.inserted', receptionId });
  await inState(actor, 'active.authenticating');
}

async function showFace(actor: ReceptionActor, frames = 6) {
  await inState(actor, 'active.authenticating.face.capturing');
  for (let i = 0; i < frames; i++) actor.send({ type: 'face.frame', frame: grayFrame(i * 100) });
}

/** 目視確認 by staff, then 包括同意. */
async function approveByStaffAndConsent(actor: ReceptionActor) {
  actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
  actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
  await consentAll(actor);
}

/** A card front that answers only when the test releases it; `asked(n)` waits for its n-th request. */
function heldCardFront() {
  const releases: Array<(reading: { ok: true; collationNumberB: string }) => void> = [];
  const waiting = new Set<() => void>();
  return {
    releases,
    cardFront: {
      readCollationNumberB: () =>
        new Promise<{ ok: true; collationNumberB: string }>((resolve) => {
          releases.push(resolve);
          for (const check of waiting) check();
        }),
    },
    asked: (count: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (releases.length < count) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      }),
  };
}

async function consentAll(actor: ReceptionActor) {
  await inState(actor, 'active.consent');
  actor.send({ type: 'consent.all' });
}

describe('reception machine', () => {
  it('face match → consent → answer cross-checked → recorded → result → remove card → idle, nothing kept', async () => {
    const ports = new FakePorts();
    ports.faceDecisions = ['match'];
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    expect(view(actor).methods).toEqual(['face', 'pin']);
    actor.send({ type: 'method.chosen', method: 'face' });
    await showFace(actor);
    await inState(actor, 'active.consent');
    expect(view(actor).consent).toEqual({ category: 'pharmaceutical', position: 1, count: 2 });
    actor.send({ type: 'consent.answered', category: 'pharmaceutical', agreed: true });
    actor.send({ type: 'consent.answered', category: 'specificHealthCheckups', agreed: false });
    await inState(actor, 'active.result');
    expect(ports.requests[0]?.proof.kind).toBe('reader-attestation');
    expect(ports.requests[0]?.consents).toEqual({ pharmaceutical: true, specificHealthCheckups: false });
    expect(ports.completions[0]).toMatchObject({ receptionId: 'r-1', kioskId: 'kiosk-1', method: 'face', crossCheck: 'matched' });
    expect(ports.faceSessions.size).toBe(0);
    expect(view(actor).message).toBe('result-confirmed');
    ports.clock.increment(DEFAULT_TIMEOUTS.resultDisplayMs);
    await inState(actor, 'active.removeCard');
    actor.send({ type: 'card.removed' });
    await inState(actor, 'idle');
    const context = actor.getSnapshot().context;
    expect(context.receptionId).toBeUndefined();
    expect(context.answer).toBeUndefined();
    expect(context.certificateDer).toBeUndefined();
    expect(emitted.at(-1)).toMatchObject({ type: 'reception.ended', receptionId: 'r-1', ending: { kind: 'completed' } });
  });

  it('3 face failures → PIN or staff; PIN → card signature proves presence', async () => {
    const ports = new FakePorts();
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    for (let attempt = 0; attempt < 3; attempt++) await showFace(actor);
    await inState(actor, 'active.authenticating.fallbackChoice');
    expect(ports.framesVerified).toHaveLength(3);
    expect(ports.faceSessions.size).toBe(0);
    actor.send({ type: 'fallback.chosen', choice: 'pin' });
    await inState(actor, 'active.authenticating.pin.entering');
    actor.send({ type: 'pin.entered', pin: '1234' });
    await consentAll(actor);
    await inState(actor, 'active.result');
    expect(ports.requests[0]?.proof.kind).toBe('card-signature');
    expect(ports.card.signed).toHaveLength(1);
    expect(ports.completions[0]?.method).toBe('pin');
  });

  it('a face retry carries the next challenge and one instruction', async () => {
    const ports = new FakePorts();
    ports.faceDecisions = ['no-usable-frame'];
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    await showFace(actor);
    await inState(actor, 'active.authenticating.face.capturing');
    expect(view(actor)).toMatchObject({ screen: 'face-capture', challenge: 'turn-left', instruction: 'too-dark', message: 'face-retry' });
  });

  it('wrong PIN shows tries left, warns before the last try, and hands over at one try left without spending it', async () => {
    const ports = new FakePorts();
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'pin' });
    await inState(actor, 'active.authenticating.pin.entering');
    expect(view(actor)).toMatchObject({ triesLeft: 3, lastTryWarning: false });
    actor.send({ type: 'pin.entered', pin: '9876' });
    await waitFor(actor, (s) => isInState(s.value, 'active.authenticating.pin.entering') && s.context.pinTriesLeft === 2);
    expect(view(actor)).toMatchObject({ triesLeft: 2, lastTryWarning: true, message: 'pin-wrong' });
    actor.send({ type: 'pin.entered', pin: '9876' });
    await inState(actor, 'active.authenticating.staffCalled');
    expect(ports.card.pinTriesLeft).toBe(1);
    expect(staffViewOf(actor.getSnapshot(), 0).alerts).toContain('PIN_LAST_TRY');
    expect(emitted.some((event) => event.type === 'reception.staffCalled' && event.alert === 'PIN_LAST_TRY')).toBe(true);
    // No PIN appears anywhere in the machine's state.
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain('9876');
  });

  it('a PIN-less card (顔認証マイナンバーカード) is never offered the PIN and goes to staff after 3 face failures', async () => {
    const ports = new FakePorts();
    ports.card.pinTriesLeft = 0;
    const { actor } = start(ports);
    await insertCard(actor);
    await inState(actor, 'active.authenticating.face.capturing');
    actor.send({ type: 'method.chosen', method: 'pin' });
    expect(isInState(actor.getSnapshot().value, 'active.authenticating.face.capturing')).toBe(true);
    await showFace(actor);
    await showFace(actor);
    await showFace(actor);
    await inState(actor, 'active.authenticating.staffCalled');
    expect(actor.getSnapshot().context.alerts).toContain('FACE_FAILED');
  });

  it('照合番号B with one try left is never submitted: staff', async () => {
    const ports = new FakePorts();
    ports.card.collationTriesLeft = 1;
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    await inState(actor, 'active.authenticating.staffCalled');
    expect(actor.getSnapshot().context.alerts).toEqual(['COLLATION_LAST_TRY']);
  });

  it('目視確認 started and approved by staff completes with method visual; rejected ends', async () => {
    const ports = new FakePorts();
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'staff.visualCheck.started', staffId: 'uketsuke01' });
    await inState(actor, 'active.visualCheck');
    actor.send({ type: 'staff.visualCheck.approved', staffId: 'uketsuke01' });
    await consentAll(actor);
    await inState(actor, 'active.result');
    expect(ports.completions[0]?.method).toBe('visual');
    expect(emitted).toContainEqual(expect.objectContaining({ type: 'visualCheck.decided', staffId: 'uketsuke01', approved: true }));
  });

  it.each([
    ['NOT_MY_NUMBER_CARD', 'guidance-not-my-number-card'],
    ['CARD_UNRESPONSIVE', 'guidance-card-unreadable'],
  ] as const)('a card failing with %s gets guidance %s', async (code, message) => {
    const ports = new FakePorts();
    ports.card.identifyFailure = code;
    const { actor } = start(ports);
    actor.send({ type: 'card.inserted', receptionId: 'r-1' });
    await inState(actor, 'active.removeCard');
    expect(view(actor).message).toBe(message);
  });

  it.each([
    ['CERT_EXPIRED', 'guidance-certificate-invalid'],
    ['REVOKED', 'guidance-certificate-invalid'],
    ['REVOCATION_UNAVAILABLE', 'guidance-see-staff'],
  ] as const)('a certificate failing with %s gets %s', async (code, message) => {
    const ports = new FakePorts();
    ports.certificate = { ok: false, code, detail: '' };
    const { actor } = start(ports);
    actor.send({ type: 'card.inserted', receptionId: 'r-1' });
    await inState(actor, 'active.removeCard');
    expect(view(actor).message).toBe(message);
  });

  it('an answer whose 生年月日 differs from the signed card face shows nothing and calls staff', async () => {
    const ports = new FakePorts();
    ports.faceDecisions = ['match'];
    ports.answer = (request) => personAnswer(request.receptionId, '1980-02-18');
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    await showFace(actor);
    await consentAll(actor);
    await inState(actor, 'active.removeCard');
    expect(view(actor).message).toBe('guidance-see-staff');
    expect(actor.getSnapshot().context.answer).toBeUndefined();
    expect(ports.completions).toHaveLength(0);
    expect(actor.getSnapshot().context.alerts).toContain('IDENTITY_MISMATCH');
  });

  it('複数該当 is never resolved: staff', async () => {
    const ports = new FakePorts();
    ports.answer = (request) => ({ ...(personAnswer(request.receptionId, '1980-02-17', '1', '5') as object), people: [] } as never);
    const { actor } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.removeCard');
    expect(actor.getSnapshot().context.alerts).toContain('MULTIPLE_PERSONS');
    expect(ports.completions).toHaveLength(0);
  });

  it('without the card face the result is marked not cross-checked', async () => {
    const ports = new FakePorts();
    ports.cardFront = { ok: false, code: 'CARD_FRONT_UNREADABLE' };
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'pin' });
    await inState(actor, 'active.authenticating.pin.entering');
    actor.send({ type: 'pin.entered', pin: '1234' });
    await consentAll(actor);
    await inState(actor, 'active.result');
    expect(ports.completions[0]?.crossCheck).toBe('not-cross-checked');
    expect(staffViewOf(actor.getSnapshot(), 0).alerts).toContain('NOT_CROSS_CHECKED');
  });

  it('an answer for another reception is never taken', async () => {
    const ports = new FakePorts();
    ports.answer = () => personAnswer('someone-else');
    const { actor } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.removeCard');
    expect(ports.completions).toHaveLength(0);
    expect(actor.getSnapshot().context.alerts).toContain('CENTRAL_REFUSED');
  });

  it('a central outage queues the reception with what a later request needs and shows the outage guidance', async () => {
    const ports = new FakePorts();
    ports.answer = () => outage();
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.outage');
    expect(ports.queued[0]).toMatchObject({ receptionId: 'r-1', kioskId: 'kiosk-1', facts: { method: 'visual' } });
    ports.clock.increment(DEFAULT_TIMEOUTS.resultDisplayMs);
    actor.send({ type: 'card.removed' });
    await inState(actor, 'idle');
    expect(emitted.at(-1)).toMatchObject({ type: 'reception.ended', ending: { kind: 'queued' } });
  });

  it('a store that fails sends the patient to staff, never to a result', async () => {
    const ports = new FakePorts();
    ports.storeFails = true;
    const { actor } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.removeCard');
    expect(actor.getSnapshot().context.alerts).toContain('STORE_FAILED');
  });

  it('the 処方箋形式 question appears only where the facility issues 電子処方箋', async () => {
    const ports = new FakePorts();
    const { actor } = start(ports, { issuesElectronicPrescriptions: true });
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.prescription');
    actor.send({ type: 'prescription.chosen', form: 'electronic' });
    await inState(actor, 'active.result');
    expect(ports.requests[0]?.prescriptionForm).toBe('electronic');
  });

  it('every waiting screen warns, then times out', async () => {
    const ports = new FakePorts();
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    expect(view(actor).countdown?.warning).toBe(false);
    ports.clock.increment(DEFAULT_TIMEOUTS.methodChoiceMs - DEFAULT_TIMEOUTS.warningBeforeMs);
    expect(view(actor).countdown?.warning).toBe(true);
    ports.clock.increment(DEFAULT_TIMEOUTS.warningBeforeMs);
    await inState(actor, 'active.removeCard');
    expect(view(actor).message).toBe('guidance-timeout');
    actor.send({ type: 'card.removed' });
    expect(emitted.at(-1)).toMatchObject({ ending: { kind: 'abandoned', code: 'TIMEOUT' } });
  });

  it('a dead dependency cannot hold a state: the certificate check times out', async () => {
    const ports = new FakePorts();
    const deps = ports.dependencies();
    const machine = createReceptionMachine(
      { ...deps, certificates: { verify: () => new Promise(() => {}) } },
      defaultReceptionSettings('kiosk-1'),
    );
    const actor = createActor(machine, { clock: ports.clock }).start();
    actor.send({ type: 'card.inserted', receptionId: 'r-1' });
    await inState(actor, 'active.verifyingCertificate');
    ports.clock.increment(DEFAULT_TIMEOUTS.certificateMs);
    await inState(actor, 'active.removeCard');
    expect(actor.getSnapshot().context.ending).toEqual({ kind: 'handed-to-staff', code: 'DEPENDENCY_TIMEOUT' });
  });

  it('card A swapped for card B: nothing of A in B’s reception', async () => {
    const ports = new FakePorts();
    ports.faceDecisions = ['match'];
    const { actor } = start(ports);
    await insertCard(actor, 'reception-A');
    actor.send({ type: 'method.chosen', method: 'face' });
    await showFace(actor);
    await inState(actor, 'active.consent');
    actor.send({ type: 'consent.answered', category: 'pharmaceutical', agreed: true });
    actor.send({ type: 'card.removed' });
    actor.send({ type: 'card.inserted', receptionId: 'reception-B' });
    await inState(actor, 'active.authenticating.choosingMethod');
    const context = actor.getSnapshot().context;
    expect(context.receptionId).toBe('reception-B');
    expect(context.consents).toEqual({});
    expect(context.method).toBeUndefined();
    expect(context.cardFace).toBeUndefined();
    expect(ports.faceSessions.size).toBe(0);
  });
});

describe('reception machine: the ways out a review asked for', () => {
  it('a face capture that times out counts as a failed attempt: three lead to the PIN or staff, never a loop', async () => {
    const ports = new FakePorts();
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await inState(actor, 'active.authenticating.face.capturing');
      ports.clock.increment(DEFAULT_TIMEOUTS.faceCaptureMs);
    }
    await inState(actor, 'active.authenticating.fallbackChoice');
    expect(ports.framesVerified).toHaveLength(0);
  });

  it.each([
    ['CARD_CERTIFICATE_NOT_LINKED', 'guidance-unregistered'],
    ['CARD_CERTIFICATE_INVALID [REVOKED]', 'guidance-certificate-invalid'],
  ])('a card the central system refuses with %s ends with that code, not a message id', async (code, message) => {
    const ports = new FakePorts();
    ports.answer = (request) => ({ ...(personAnswer(request.receptionId) as object), processingResultStatus: '2', processingResultCode: code }) as never;
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.removeCard');
    expect(view(actor).message).toBe(message);
    actor.send({ type: 'card.removed' });
    expect(emitted.at(-1)).toMatchObject({ ending: { kind: 'abandoned', code: code.split(' ')[0] } });
  });

  it('a staff cancel after the result changes nothing', async () => {
    const ports = new FakePorts();
    const { actor, emitted } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.result');
    expect(actor.getSnapshot().can({ type: 'staff.reception.cancelled', staffId: 's1' })).toBe(false);
    actor.send({ type: 'card.removed' });
    expect(emitted.at(-1)).toMatchObject({ ending: { kind: 'completed' } });
  });

  it('a card front that cannot be read offers the PIN where the card has one', async () => {
    const ports = new FakePorts();
    ports.cardFront = { ok: false, code: 'CARD_FRONT_UNREADABLE' };
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'method.chosen', method: 'face' });
    await inState(actor, 'active.authenticating.fallbackChoice');
  });

  it('the patient can ask for staff on the consent screen too', async () => {
    const ports = new FakePorts();
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
    await inState(actor, 'active.consent');
    actor.send({ type: 'staff.requested' });
    await inState(actor, 'active.authenticating.staffCalled');
  });

  it('a face path left while 照合番号B is awaited submits nothing to the card and opens no face session', async () => {
    const ports = new FakePorts();
    const front = heldCardFront();
    const deps = ports.dependencies();
    const readCardFace = ports.card.readCardFace.bind(ports.card);
    let faceReads = 0;
    ports.card.readCardFace = async (number) => {
      faceReads += 1;
      return readCardFace(number);
    };
    const machine = createReceptionMachine(
      { ...deps, cardFront: front.cardFront },
      defaultReceptionSettings('kiosk-1'),
    );
    const actor = createActor(machine, { clock: ports.clock }).start();
    actor.send({ type: 'card.inserted', receptionId: 'r-1' });
    await inState(actor, 'active.authenticating.choosingMethod');
    actor.send({ type: 'method.chosen', method: 'face' });
    await inState(actor, 'active.authenticating.face.preparing');
    await front.asked(1);
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    // 目視確認 asks the card front for its own read of the photo; the face path's answer comes late.
    await front.asked(2);
    front.releases[0]!({ ok: true, collationNumberB: '55021720352285' });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(faceReads).toBe(0);
    expect(ports.faceSessions.size).toBe(0);
  });

  it('a card request without an answer in time may have been processed: staff check, nothing is queued to be sent again', async () => {
    const ports = new FakePorts();
    ports.answer = () => ({ ok: false, code: 'CENTRAL_TIMEOUT', outage: true, detail: 'no answer' });
    const { actor } = start(ports);
    await insertCard(actor);
    await approveByStaffAndConsent(actor);
    await inState(actor, 'active.removeCard');
    expect(actor.getSnapshot().context.alerts).toContain('CENTRAL_NO_ANSWER');
    expect(ports.queued).toHaveLength(0);
  });
});

describe('the card photo of 目視確認', () => {
  const photoOf = (actor: ReceptionActor) => staffViewOf(actor.getSnapshot(), 0).cardPhoto;
  const photoSettled = (actor: ReceptionActor) =>
    waitFor(actor, (snapshot) => isInState(snapshot.value, 'active.visualCheck.photoShown') || isInState(snapshot.value, 'active.visualCheck.noPhoto'), { timeout: 2_000 });

  /** Counts the card-face reads (each one a VERIFY of 照合番号B). */
  function countFaceReads(ports: FakePorts): { reads: number } {
    const counted = { reads: 0 };
    const read = ports.card.readCardFace.bind(ports.card);
    ports.card.readCardFace = async (number) => {
      counted.reads += 1;
      return read(number);
    };
    return counted;
  }

  it('is read from the card with 照合番号B on entering 目視確認, held for this reception, and dropped once staff decide', async () => {
    const ports = new FakePorts();
    const counted = countFaceReads(ports);
    const { actor } = start(ports);
    await insertCard(actor, 'r-5');
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await photoSettled(actor);
    expect(photoOf(actor)).toEqual({ status: 'shown' });
    expect(counted.reads).toBe(1);
    expect(ports.heldPhotos.get('kiosk-1')).toMatchObject({ receptionId: 'r-5' });
    // The photo itself is nowhere in what the flow keeps or shows.
    const persisted = JSON.stringify(actor.getPersistedSnapshot());
    expect(persisted).not.toContain('"0":1,"1":2,"2":3');
    actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
    await inState(actor, 'active.consent');
    expect(ports.heldPhotos.size).toBe(0);
    expect(staffViewOf(actor.getSnapshot(), 0).cardPhoto).toBeUndefined();
    expect(actor.getSnapshot().context.cardPhoto).toBeUndefined();
  });

  it('is dropped when the card is pulled in 目視確認, and when staff reject', async () => {
    const ports = new FakePorts();
    const { actor } = start(ports);
    await insertCard(actor, 'r-6');
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await photoSettled(actor);
    expect(ports.heldPhotos.size).toBe(1);
    actor.send({ type: 'card.removed' });
    await inState(actor, 'idle');
    expect(ports.heldPhotos.size).toBe(0);
    await insertCard(actor, 'r-7');
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await photoSettled(actor);
    expect(ports.heldPhotos.get('kiosk-1')?.receptionId).toBe('r-7');
    actor.send({ type: 'staff.visualCheck.rejected', staffId: 's1' });
    await inState(actor, 'active.removeCard');
    expect(ports.heldPhotos.size).toBe(0);
  });

  it('the copy the face path kept is shown without asking the card again; a face match drops it', async () => {
    const ports = new FakePorts();
    const counted = countFaceReads(ports);
    const { actor } = start(ports);
    await insertCard(actor, 'r-8');
    actor.send({ type: 'method.chosen', method: 'face' });
    for (let attempt = 0; attempt < 3; attempt++) await showFace(actor);
    await inState(actor, 'active.authenticating.fallbackChoice');
    expect(counted.reads).toBe(1);
    expect(ports.heldPhotos.get('kiosk-1')?.receptionId).toBe('r-8');
    const before = actor.getSnapshot().context;
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await photoSettled(actor);
    expect(photoOf(actor)).toEqual({ status: 'shown' });
    expect(counted.reads).toBe(1);
    // 目視確認 resets no counter: the face failures and the PIN's tries stay as they were.
    actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
    await inState(actor, 'active.consent');
    expect(actor.getSnapshot().context.faceAttempts).toEqual(before.faceAttempts);
    expect(actor.getSnapshot().context.faceAttempts.consecutiveFailures).toBe(3);
    expect(ports.card.pinTriesLeft).toBe(3);

    const matched = new FakePorts();
    matched.faceDecisions = ['match'];
    const second = start(matched);
    await insertCard(second.actor, 'r-9');
    second.actor.send({ type: 'method.chosen', method: 'face' });
    await showFace(second.actor);
    await inState(second.actor, 'active.consent');
    expect(matched.heldPhotos.size).toBe(0);
  });

  it.each([
    ['a card face whose signature does not verify', 'CARD_FACE_SIGNATURE_INVALID', (ports: FakePorts): void => void (ports.card.face = { ...ports.card.face, signatureValid: false })],
    ['照合番号B with one try left', 'COLLATION_LAST_TRY', (ports: FakePorts): void => void (ports.card.collationTriesLeft = 1)],
    ['a card front that cannot be read', 'CARD_FRONT_UNREADABLE', (ports: FakePorts): void => void (ports.cardFront = { ok: false, code: 'CARD_FRONT_UNREADABLE' })],
    ['no 照合番号B given', 'CARD_FRONT_NOT_GIVEN', (ports: FakePorts): void => void (ports.cardFront = { ok: false, code: 'CANCELLED' })],
    ['a photo that cannot be decoded', 'PHOTO_UNDECODABLE', (ports: FakePorts): void => void (ports.photoDecodes = false)],
    [
      '照合番号B the card refuses',
      'COLLATION_NUMBER_WRONG',
      (ports: FakePorts): void => void (ports.card.readCardFace = () => Promise.reject(Object.assign(new Error('wrong'), { code: 'WRONG_PIN', triesLeft: 8 }))),
    ],
    ['a card that fails', 'CARD_ERROR', (ports: FakePorts): void => void (ports.card.readCardFace = () => Promise.reject(Object.assign(new Error('gone'), { code: 'TRANSPORT_FAILED' })))],
  ] as const)('%s: no photo, staff told why (%s), and staff still decide', async (_case, reason, arrange) => {
    const ports = new FakePorts();
    arrange(ports);
    const { actor } = start(ports);
    await insertCard(actor);
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await photoSettled(actor);
    expect(photoOf(actor)).toEqual({ status: 'missing', reason });
    expect(ports.heldPhotos.size).toBe(0);
    actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
    await inState(actor, 'active.consent');
  });

  it('waits for 照合番号B no longer than the card front may take; staff can decide meanwhile, and nothing is read after', async () => {
    const ports = new FakePorts();
    const counted = countFaceReads(ports);
    const front = heldCardFront();
    const machine = createReceptionMachine(
      { ...ports.dependencies(), cardFront: front.cardFront },
      defaultReceptionSettings('kiosk-1'),
    );
    const actor = createActor(machine, { clock: ports.clock }).start();
    await insertCard(actor);
    actor.send({ type: 'staff.visualCheck.started', staffId: 's1' });
    await front.asked(1);
    expect(staffViewOf(actor.getSnapshot(), 0)).toMatchObject({ awaitsCollationNumber: true, cardPhoto: { status: 'reading' } });
    ports.clock.increment(DEFAULT_TIMEOUTS.cardFrontMs);
    await photoSettled(actor);
    expect(photoOf(actor)).toEqual({ status: 'missing', reason: 'TIMEOUT' });
    expect(staffViewOf(actor.getSnapshot(), 0).awaitsCollationNumber).toBe(false);
    front.releases[0]!({ ok: true, collationNumberB: '55021720352285' });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(counted.reads).toBe(0);
    expect(ports.heldPhotos.size).toBe(0);
    actor.send({ type: 'staff.visualCheck.approved', staffId: 's1' });
    await inState(actor, 'active.consent');
  });
});
