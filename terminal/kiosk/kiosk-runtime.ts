import { createActor, type Actor } from 'xstate';
import { parseScreenEvent, parseStaffEvent, type EventRefusalCode, type FlowEvent } from '../../flow/contract/events';
import type { KioskView, StaffReceptionView } from '../../flow/contract/view-models';
import type { ReceptionDependencies } from '../../flow/reception-actors';
import type { ReceptionEmitted } from '../../flow/reception-context';
import { createReceptionMachine, type ReceptionMachine } from '../../flow/reception-machine';
import type { ReceptionSettings } from '../../flow/reception-settings';
import { kioskViewOf, staffViewOf } from '../../flow/view-model';

/** The xstate clock the actor's delays run on (setTimeout in the terminal, a simulated one in tests). */
type ActorClock = NonNullable<Parameters<typeof createActor>[1]>['clock'];

export type EventOutcome = { readonly ok: true } | { readonly ok: false; readonly code: EventRefusalCode; readonly detail: string };

export interface KioskRuntimeOptions {
  readonly settings: ReceptionSettings;
  readonly dependencies: ReceptionDependencies;
  /** Records what the flow reports (start, staff called, end, 目視 decisions); must not throw. */
  readonly onEmitted: (event: ReceptionEmitted) => void;
  readonly clock?: ActorClock;
  /** The languages the kiosk offers (the facility's setting), sent with every view. */
  readonly languages?: readonly string[];
}

export type ViewListener = (views: { kiosk: KioskView; staff: StaffReceptionView }) => void;

/**
 * One kiosk's reception flow in the terminal process: the actor, its views, and the only doors
 * events come in by. Screen and staff events are parsed and checked against the present state
 * before they reach the actor, so an unknown, malformed or untimely event is refused with a code.
 */
export class KioskRuntime {
  private readonly actor: Actor<ReceptionMachine>;
  private readonly listeners = new Set<ViewListener>();
  private revision = 0;
  /** The revision at which the reception now on the kiosk began (or the kiosk went back to idle). */
  private receptionStartRevision = 0;
  private lastReceptionId: string | undefined;

  constructor(readonly options: KioskRuntimeOptions) {
    const machine = createReceptionMachine(options.dependencies, options.settings);
    this.actor = createActor(machine, options.clock === undefined ? {} : { clock: options.clock });
    for (const type of ['reception.started', 'reception.staffCalled', 'reception.ended', 'visualCheck.decided'] as const) {
      this.actor.on(type, (event) => options.onEmitted(event));
    }
    this.actor.subscribe({
      next: (snapshot) => {
        this.revision += 1;
        if (snapshot.context.receptionId !== this.lastReceptionId) {
          this.lastReceptionId = snapshot.context.receptionId;
          this.receptionStartRevision = this.revision;
        }
        const views = this.views();
        for (const listener of this.listeners) listener(views);
      },
      error: () => undefined,
    });
    this.actor.start();
  }

  get kioskId(): string {
    return this.options.settings.kioskId;
  }

  /** The reception now on this kiosk, if a card is in. */
  get receptionId(): string | undefined {
    return this.actor.getSnapshot().context.receptionId;
  }

  views(): { kiosk: KioskView; staff: StaffReceptionView } {
    const snapshot = this.actor.getSnapshot();
    return {
      kiosk: {
        ...kioskViewOf(snapshot, this.revision, this.options.dependencies.clock.now()),
        ...(this.options.languages === undefined ? {} : { languages: this.options.languages }),
      },
      staff: staffViewOf(snapshot, this.revision),
    };
  }

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cardInserted(receptionId: string): void {
    this.actor.send({ type: 'card.inserted', receptionId });
  }

  cardRemoved(): void {
    this.actor.send({ type: 'card.removed' });
  }

  screenEvent(value: unknown): EventOutcome {
    const parsed = parseScreenEvent(value);
    if (!parsed.ok) return parsed;
    // A tap answering a view from before this reception began was meant for someone else.
    const answered = typeof value === 'object' && value !== null ? (value as { revision?: unknown }).revision : undefined;
    if (typeof answered === 'number' && answered < this.receptionStartRevision) {
      return { ok: false, code: 'EVENT_NOT_ACCEPTED', detail: `${parsed.event.type} answers a view of an earlier reception` };
    }
    return this.deliver(parsed.event);
  }

  staffEvent(value: unknown, staffId: string): EventOutcome {
    const parsed = parseStaffEvent(value, staffId);
    return parsed.ok ? this.deliver(parsed.event) : parsed;
  }

  stop(): void {
    this.listeners.clear();
    this.actor.stop();
  }

  private deliver(event: FlowEvent): EventOutcome {
    if (!this.actor.getSnapshot().can(event)) return { ok: false, code: 'EVENT_NOT_ACCEPTED', detail: `${event.type} is not taken now` };
    this.actor.send(event);
    return { ok: true };
  }
}

