import { describe, expect, it } from 'vitest';
import { defaultReceptionSettings } from '../../flow/reception-settings';
import { FakePorts } from '../../flow/testing/fake-ports';
import { KioskRuntime } from './kiosk-runtime';

function runtime(ports: FakePorts, languages?: readonly string[]): KioskRuntime {
  return new KioskRuntime({
    settings: defaultReceptionSettings('kiosk-1'),
    dependencies: ports.dependencies(),
    onEmitted: () => undefined,
    clock: ports.clock,
    ...(languages === undefined ? {} : { languages }),
  });
}

/** Resolves with the first view of `screen`. */
function screen(kiosk: KioskRuntime, target: string): Promise<ReturnType<KioskRuntime['views']>['kiosk']> {
  const now = kiosk.views().kiosk;
  if (now.screen === target) return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = kiosk.subscribe(({ kiosk: view }) => {
      if (view.screen !== target) return;
      stop();
      resolve(view);
    });
  });
}

describe('the kiosk runtime', () => {
  it('refuses a screen event answering a view of an earlier reception; takes one answering this reception', async () => {
    const ports = new FakePorts();
    const kiosk = runtime(ports);
    kiosk.cardInserted('r-1');
    const first = await screen(kiosk, 'method-choice');
    kiosk.cardRemoved();
    await screen(kiosk, 'place-card');
    kiosk.cardInserted('r-2');
    const second = await screen(kiosk, 'method-choice');
    // A tap the last patient's screen sent late must not choose for the next one.
    expect(kiosk.screenEvent({ type: 'method.chosen', method: 'pin', revision: first.revision })).toMatchObject({ ok: false, code: 'EVENT_NOT_ACCEPTED' });
    expect(kiosk.views().kiosk.screen).toBe('method-choice');
    expect(kiosk.screenEvent({ type: 'method.chosen', method: 'pin', revision: second.revision })).toEqual({ ok: true });
    kiosk.stop();
  });

  it('says how long a countdown has left by the terminal clock, whatever the page’s clock says', async () => {
    const ports = new FakePorts();
    const kiosk = runtime(ports);
    kiosk.cardInserted('r-1');
    const view = await screen(kiosk, 'method-choice');
    const { deadline, remainingMs } = view.countdown!;
    expect(remainingMs).toBe(Date.parse(deadline) - ports.now().getTime());
    ports.clock.increment(1_000);
    expect(kiosk.views().kiosk.countdown?.remainingMs).toBe(remainingMs! - 1_000);
    kiosk.stop();
  });

  it('sends the facility’s languages with every view', async () => {
    const kiosk = runtime(new FakePorts(), ['ja', 'en']);
    expect(kiosk.views().kiosk.languages).toEqual(['ja', 'en']);
    kiosk.cardInserted('r-1');
    expect((await screen(kiosk, 'method-choice')).languages).toEqual(['ja', 'en']);
    kiosk.stop();
  });

  it('takes new settings at once while it waits for a card, with the next view', async () => {
    const kiosk = runtime(new FakePorts(), ['ja', 'en']);
    const before = kiosk.views().kiosk.revision;
    const seen = screen(kiosk, 'place-card');
    kiosk.reconfigure({ languages: ['ja', 'vi'] });
    expect(kiosk.views().kiosk.languages).toEqual(['ja', 'vi']);
    expect(kiosk.views().kiosk.revision).toBeGreaterThan(before);
    await seen;
    kiosk.cardInserted('r-1');
    expect((await screen(kiosk, 'method-choice')).languages).toEqual(['ja', 'vi']);
    kiosk.stop();
  });

  it('lets a patient at the kiosk finish under the rules the reception began with; the next patient gets the new ones', async () => {
    const ports = new FakePorts();
    const kiosk = runtime(ports);
    kiosk.cardInserted('r-1');
    const first = await screen(kiosk, 'method-choice');
    expect(first.countdown?.remainingMs).toBe(60_000);
    kiosk.reconfigure({ settings: { timeouts: { ...defaultReceptionSettings('kiosk-1').timeouts, methodChoiceMs: 30_000 } }, languages: ['ja', 'ko'] });
    kiosk.reconfigure({ languages: ['ja', 'en'] });
    // The same reception, the same screen: its countdown and languages are the ones it began with.
    expect(kiosk.receptionId).toBe('r-1');
    expect(kiosk.views().kiosk.countdown?.remainingMs).toBe(60_000);
    expect(kiosk.views().kiosk.languages).toBeUndefined();
    expect(kiosk.screenEvent({ type: 'method.chosen', method: 'pin', revision: first.revision })).toEqual({ ok: true });
    kiosk.cardRemoved();
    await screen(kiosk, 'place-card');
    kiosk.cardInserted('r-2');
    const second = await screen(kiosk, 'method-choice');
    expect(second.countdown?.remainingMs).toBe(30_000);
    // Both changes arrived; the later languages won, the timeouts of the first stayed.
    expect(second.languages).toEqual(['ja', 'en']);
    expect(second.revision).toBeGreaterThan(first.revision);
    kiosk.stop();
  });
});
