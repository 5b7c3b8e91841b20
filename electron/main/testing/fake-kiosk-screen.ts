import type { KioskScreen as KioskScreenName, KioskView } from '../../../flow/contract/view-models';
import type { EventOutcome } from '../../../terminal/kiosk/kiosk-runtime';
import type { KioskScreen } from '../kiosk-ipc';

/**
 * A kiosk's flow as the bridge sees it: a view the test moves on with `show`, and a record of every
 * event that reached it. Events are accepted unless the test sets `answer`.
 */
export class FakeKioskScreen implements KioskScreen {
  readonly received: unknown[] = [];
  answer: (value: unknown) => EventOutcome = () => ({ ok: true });
  private view: KioskView;
  private readonly listeners = new Set<(views: { kiosk: KioskView }) => void>();

  constructor(readonly kioskId: string) {
    this.view = { kioskId, screen: 'place-card', message: 'place-card', revision: 0 };
  }

  views(): { kiosk: KioskView } {
    return { kiosk: this.view };
  }

  subscribe(listener: (views: { kiosk: KioskView }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  screenEvent(value: unknown): EventOutcome {
    this.received.push(value);
    return this.answer(value);
  }

  /** The flow moves to another screen: every subscriber is told. */
  show(screen: KioskScreenName, message: KioskView['message']): KioskView {
    this.view = { kioskId: this.kioskId, screen, message, revision: this.view.revision + 1 };
    for (const listener of this.listeners) listener({ kiosk: this.view });
    return this.view;
  }
}
