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

/** New settings for the kiosk's next receptions (its id stays). */
export interface SettingsChange {
  readonly settings?: Partial<Omit<ReceptionSettings, 'kioskId'>>;
  readonly languages?: readonly string[];
}

export type ViewListener = (views: { kiosk: KioskView; staff: StaffReceptionView }) => void;

/**
 * One kiosk's reception flow in the terminal process: the actor, its views, and the only doors
 * events come in by. Screen and staff events are parsed and checked against the present state
 * before they reach the actor, so an unknown, malformed or untimely event is refused with a code.
 */
export class KioskRuntime {
  private actor: Actor<ReceptionMachine>;
  private readonly listeners = new Set<ViewListener>();
  private revision = 0;
  /** The revision at which the reception now on the kiosk began (or the kiosk went back to idle). */
  private receptionStartRevision = 0;
  private lastReceptionId: string | undefined;
  private settings: ReceptionSettings;
  private languages: readonly string[] | undefined;
  /** Settings saved while a patient was at the kiosk: they wait for the kiosk to be idle. */
  private pending: SettingsChange | undefined;

  constructor(readonly options: KioskRuntimeOptions) {
    this.settings = options.settings;
    this.languages = options.languages;
    this.actor = this.startActor();
  }

  /**
   * Takes new settings without a restart. A reception in progress keeps the rules it began with: a
   * kiosk that waits for a card takes them at once, one with a patient when that patient has gone.
   */
  reconfigure(change: SettingsChange): void {
    this.pending = { ...this.pending, ...change, settings: { ...this.pending?.settings, ...change.settings } };
    this.applyPendingIfIdle();
  }

  private applyPendingIfIdle(): void {
    const pending = this.pending;
    if (pending === undefined || !this.actor.getSnapshot().matches('idle')) return;
    this.pending = undefined;
    this.settings = { ...this.settings, ...pending.settings, kioskId: this.settings.kioskId };
    if (pending.languages !== undefined) this.languages = pending.languages;
    this.actor.stop();
    this.actor = this.startActor();
  }

  private startActor(): Actor<ReceptionMachine> {
    const machine = createReceptionMachine(this.options.dependencies, this.settings);
    const actor = createActor(machine, this.options.clock === undefined ? {} : { clock: this.options.clock });
    for (const type of ['reception.started', 'reception.staffCalled', 'reception.ended', 'visualCheck.decided'] as const) {
      actor.on(type, (event) => this.options.onEmitted(event));
    }
    actor.subscribe({
      next: (snapshot) => {
        if (actor !== this.actor) return;
        this.revision += 1;
        if (snapshot.context.receptionId !== this.lastReceptionId) {
          this.lastReceptionId = snapshot.context.receptionId;
          this.receptionStartRevision = this.revision;
        }
        const views = this.views(snapshot);
        for (const listener of this.listeners) listener(views);
        // Back to waiting for a card: settings saved meanwhile take over (after this notification).
        if (this.pending !== undefined && snapshot.matches('idle')) queueMicrotask(() => this.applyPendingIfIdle());
      },
      error: () => undefined,
    });
    this.actor = actor;
    actor.start();
    return actor;
  }

  get kioskId(): string {
    return this.settings.kioskId;
  }

  /** The reception now on this kiosk, if a card is in. */
  get receptionId(): string | undefined {
    return this.actor.getSnapshot().context.receptionId;
  }

  views(snapshot = this.actor.getSnapshot()): { kiosk: KioskView; staff: StaffReceptionView } {
    return {
      kiosk: {
        ...kioskViewOf(snapshot, this.revision, this.options.dependencies.clock.now()),
        ...(this.languages === undefined ? {} : { languages: this.languages }),
      },
      staff: staffViewOf(snapshot, this.revision),
    };
  }

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cardInserted(receptionId: string): void {
    this.applyPendingIfIdle();
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

