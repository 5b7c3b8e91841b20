import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, sourceFaces } from '../../../bench/face/test-support';
import { Prng } from '../../../bench/face/synth/prng';
import type { SourceFace } from '../../../bench/face/synth/source-faces';
import { renderLiveSequence } from '../../../bench/face/synth/variants';
import { FaceModels } from '../../../face/model/face-models';
import { FaceWorkerVerifier } from '../../../face/worker/face-worker-client';
import type { KioskView } from '../../../flow/contract/view-models';
import type { LivenessChallenge } from '../../../flow/ports/face-verifier';
import { TerminalFixture } from '../../harness/reception-terminal';

// 顔認証 through the real parts and the real face worker: the kiosk's view names the liveness
// challenge, the test plays a rendered live sequence of a face performing it, frame by frame, as the
// kiosk's camera would send them.
let fixture: TerminalFixture;
let face: FaceWorkerVerifier;
let faces: Map<string, SourceFace>;

beforeAll(async () => {
  const models = await FaceModels.load();
  faces = await sourceFaces(models, ['face02', 'face05']);
  models.dispose();
  face = await FaceWorkerVerifier.start();
  fixture = await TerminalFixture.start({ face, framesPerAttempt: 8 });
}, 120_000);

afterAll(async () => {
  await fixture?.stop();
  await face?.close();
});

const kiosk = () => fixture.kiosk(0);

/** The frames of `who` performing the challenge the kiosk shows now. */
function showFace(view: KioskView, who: string, attempt: number): void {
  const challenge = view.challenge as LivenessChallenge;
  const frames = sequence(renderLiveSequence(faces.get(who)!, challenge, Prng.of(`terminal-${who}-${attempt}`, challenge)));
  for (const frame of frames) expect(kiosk().screenEvent({ type: 'face.frame', frame })).toEqual({ ok: true });
}

/** The next face-capture view after `revision` (a retry shows a new one). */
function nextCapture(after: number): Promise<KioskView> {
  const now = kiosk().views().kiosk;
  if (now.screen === 'face-capture' && now.revision > after) return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = kiosk().subscribe(({ kiosk: view }) => {
      if (view.screen !== 'face-capture' || view.revision <= after) return;
      stop();
      resolve(view);
    });
  });
}

describe('顔認証 at the kiosk', () => {
  it('the card holder performing the challenge: match → consent → result and face file; no face data stored', async () => {
    const before = existsSync(fixture.faceFolder()) ? readdirSync(fixture.faceFolder()).length : 0;
    await fixture.insert('yakushi-taro');
    await fixture.screen('method-choice');
    kiosk().screenEvent({ type: 'method.chosen', method: 'face' });
    showFace(await nextCapture(0), 'face02', 1);
    await fixture.screen('consent');
    kiosk().screenEvent({ type: 'consent.all' });
    expect((await fixture.screen('result')).message).toBe('result-confirmed');
    expect(kiosk().views().staff).toMatchObject({ method: 'face', result: { crossCheck: 'matched' } });
    expect(readdirSync(fixture.faceFolder())).toHaveLength(before + 1);
    const database = new Database(fixture.storeFile(), { readonly: true });
    const dump = ['receptions', 'audit_log', 'consents'].map((table) => JSON.stringify(database.prepare(`SELECT * FROM ${table}`).all())).join('');
    database.close();
    expect(dump).toContain('"face"');
    expect(dump).not.toMatch(/descriptor|distance|image|jp2/i);
    await fixture.remove();
  });

  it('garbage frames (noise) are no usable face: the kiosk asks again with one instruction; nothing crashes', async () => {
    await fixture.insert('yakushi-taro');
    await fixture.screen('method-choice');
    kiosk().screenEvent({ type: 'method.chosen', method: 'face' });
    const first = await nextCapture(0);
    let seed = 7;
    const noise = () => new Uint8Array(64 * 48 * 3).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256);
    for (let frame = 0; frame < 8; frame++) {
      expect(kiosk().screenEvent({ type: 'face.frame', frame: { width: 64, height: 48, format: 'rgb', data: noise(), capturedAtMs: frame * 100 } })).toEqual({ ok: true });
    }
    const retry = await nextCapture(first.revision);
    expect(retry.message).toBe('face-retry');
    expect(retry.instruction).toBeDefined();
    await fixture.remove();
  });

  it('a card pulled during the face capture wipes the patient: the kiosk is back at 「カードを置いてください」 with nothing kept', async () => {
    await fixture.insert('yakushi-taro');
    await fixture.screen('method-choice');
    kiosk().screenEvent({ type: 'method.chosen', method: 'face' });
    const capture = await nextCapture(0);
    const challenge = capture.challenge as LivenessChallenge;
    const frames = sequence(renderLiveSequence(faces.get('face02')!, challenge, Prng.of('terminal-pulled', challenge)));
    // Three of the eight frames: the card leaves before the attempt is complete.
    for (const frame of frames.slice(0, 3)) kiosk().screenEvent({ type: 'face.frame', frame });
    await fixture.remove();
    const views = kiosk().views();
    expect(views.kiosk).toEqual({ kioskId: 'kiosk-1', screen: 'place-card', message: 'place-card', languages: ['ja', 'en'], revision: views.kiosk.revision });
    expect(views.staff.receptionId).toBeUndefined();
  });

  it("another person's face fails three times; then the PIN is offered and completes the reception", async () => {
    await fixture.insert('yakushi-taro');
    await fixture.screen('method-choice');
    kiosk().screenEvent({ type: 'method.chosen', method: 'face' });
    let revision = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const view = await nextCapture(revision);
      revision = view.revision;
      showFace(view, 'face05', attempt);
    }
    expect((await fixture.screen('fallback-choice')).methods).toEqual(['pin']);
    kiosk().screenEvent({ type: 'fallback.chosen', choice: 'pin' });
    await fixture.screen('pin-entry');
    kiosk().screenEvent({ type: 'pin.entered', pin: fixture.person('yakushi-taro').card.userAuthPin });
    await fixture.screen('consent');
    kiosk().screenEvent({ type: 'consent.all' });
    await fixture.screen('result');
    expect(kiosk().views().staff.method).toBe('pin');
    await fixture.remove();
  });

  it('a PIN-less card (顔認証マイナンバーカード) is never offered the PIN; after three failures only staff remain', async () => {
    const screens: string[] = [];
    const stop = kiosk().subscribe(({ kiosk: view }) => screens.push(view.screen));
    await fixture.insert('shimizu-takuya');
    let revision = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const view = await nextCapture(revision);
      revision = view.revision;
      expect(kiosk().screenEvent({ type: 'method.chosen', method: 'pin' })).toMatchObject({ ok: false, code: 'EVENT_NOT_ACCEPTED' });
      showFace(view, 'face05', attempt);
    }
    await fixture.screen('staff-called');
    stop();
    expect(kiosk().views().staff.alerts).toContain('FACE_FAILED');
    expect(screens).not.toContain('method-choice');
    expect(screens).not.toContain('pin-entry');
    await fixture.remove();
  });
});
