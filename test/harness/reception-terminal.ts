import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPersons } from '../../central/seed/load-persons';
import type { Person } from '../../central/seed/person-schema';
import { parseCardProfileJson } from '../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../device/virtual-card/counter-store';
import { PrintedCardFront, printedFieldsOfCard } from '../../device/virtual-card/printed-card-front';
import { VirtualCard } from '../../device/virtual-card/virtual-card';
import { VirtualCardSlot, vpcdReaderName, type VpcdReaderIndex } from '../../device/virtual-card/virtual-card-slot';
import type { KioskView } from '../../flow/contract/view-models';
import type { ReceptionTimeouts } from '../../flow/reception-settings';
import type { FaceVerifier } from '../../flow/ports/face-verifier';
import { parseReceptionConfig, type ReceptionConfig } from '../../terminal/config';
import type { PartTimer } from '../../terminal/part-timing';
import type { KioskRuntime } from '../../terminal/kiosk/kiosk-runtime';
import { startReceptionTerminal, type ReceptionTerminal } from '../../terminal/reception-terminal';
import { CLINIC, startTestCentral, type TestCentral } from './central-fixture';
import { ensurePcscd, type PcscdHandle } from './pcscd';
import { makeTempDir, type TempDir } from './temp-dir';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A face engine for scenarios that never reach the face: any use fails with a code. */
export const UNUSED_FACE: FaceVerifier = {
  openSession: () => Promise.reject(Object.assign(new Error('no face engine in this test'), { code: 'closed' })),
  checkFrame: () => Promise.reject(Object.assign(new Error('no face engine in this test'), { code: 'closed' })),
  verify: () => Promise.reject(Object.assign(new Error('no face engine in this test'), { code: 'closed' })),
  closeSession: async () => {},
  close: async () => {},
};

export interface TerminalFixtureOptions {
  readonly readers?: readonly VpcdReaderIndex[];
  readonly face?: FaceVerifier;
  readonly framesPerAttempt?: number;
  readonly outageRetryMs?: number;
  readonly timeouts?: Partial<ReceptionTimeouts>;
  /** Whether the facility issues 電子処方箋 (then the kiosk asks for the 処方箋形式). */
  readonly electronicPrescriptions?: boolean;
  /** How the kiosks get 照合番号B: the card front scanner (default) or staff typing it on the console. */
  readonly cardFront?: 'printed-fields' | 'staff-entry';
}

/**
 * The whole terminal over real parts for scenario tests: pcscd with the virtual readers, a virtual
 * card slot per reader, the central mock over mutual TLS with its J-LIS responder, the terminal's
 * SQLite store and face folder in a temporary folder. One clock for all: the central mock's.
 */
export class TerminalFixture {
  readonly persons = new Map(loadPersons(join(root, 'fixtures/persons')).map((person) => [person.id, person]));
  readonly counters = new InMemoryCounterStore();
  readonly slots: Map<VpcdReaderIndex, VirtualCardSlot<VirtualCard>>;

  private running: ReceptionTerminal | undefined;
  private readonly partListeners = new Set<PartTimer>();

  private constructor(
    readonly pcscd: PcscdHandle,
    readonly central: TestCentral,
    readonly temp: TempDir,
    readonly config: ReceptionConfig,
    readonly readers: readonly VpcdReaderIndex[],
    private readonly options: TerminalFixtureOptions,
  ) {
    this.slots = new Map(readers.map((reader) => [reader, new VirtualCardSlot<VirtualCard>(reader)] as const));
  }

  /** pcscd, the central mock and the slots; the terminal too unless `deferTerminal` (then startTerminal()). */
  static async start(options: TerminalFixtureOptions & { readonly deferTerminal?: boolean } = {}): Promise<TerminalFixture> {
    const readers = options.readers ?? [0];
    const pcscd = await ensurePcscd();
    const central = await startTestCentral();
    const temp = await makeTempDir('oqs-terminal-');
    const config = parseReceptionConfig(terminalConfigFor(central, temp.path, readers, options));
    const fixture = new TerminalFixture(pcscd, central, temp, config, readers, options);
    if (options.deferTerminal !== true) await fixture.startTerminal();
    return fixture;
  }

  async startTerminal(): Promise<void> {
    // Kiosks that take 照合番号B from staff get no scanner: the number comes only from the console.
    const cardFronts = new Map(
      this.options.cardFront === 'staff-entry'
        ? []
        : this.readers.map((reader) => [`kiosk-${reader + 1}`, new PrintedCardFront(() => this.slots.get(reader)?.card?.profile.id, (id) => printedFieldsOf(this.persons.get(id)))] as const),
    );
    this.running = await startReceptionTerminal(this.config, {
      face: this.options.face ?? UNUSED_FACE,
      cardFronts,
      clock: { now: () => this.central.now() },
      timer: (part, ms) => {
        for (const listener of this.partListeners) listener(part, ms);
      },
      ...(this.options.outageRetryMs === undefined ? {} : { outageRetryMs: this.options.outageRetryMs }),
    });
    for (const reader of this.readers) await this.screen('place-card', reader);
  }

  get terminal(): ReceptionTerminal {
    if (this.running === undefined) throw new Error('the terminal is not started');
    return this.running;
  }

  /** Hears how long each port call of the terminal took, by part; returns the unsubscription. */
  onPartTimed(listener: PartTimer): () => void {
    this.partListeners.add(listener);
    return () => this.partListeners.delete(listener);
  }

  kiosk(reader: VpcdReaderIndex = 0): KioskRuntime {
    const kiosk = this.terminal.kiosks.get(`kiosk-${reader + 1}`);
    if (kiosk === undefined) throw new Error(`no kiosk on reader ${reader}`);
    return kiosk.runtime;
  }

  person(id: string): Person {
    const person = this.persons.get(id);
    if (person === undefined) throw new Error(`no fixture person ${id}`);
    return person;
  }

  /** Waits until the kiosk shows `screen`: an event, not a timer. */
  screen(target: KioskView['screen'], reader: VpcdReaderIndex = 0): Promise<KioskView> {
    const runtime = this.kiosk(reader);
    const now = runtime.views().kiosk;
    if (now.screen === target) return Promise.resolve(now);
    return new Promise((resolve) => {
      const stop = runtime.subscribe(({ kiosk }) => {
        if (kiosk.screen !== target) return;
        stop();
        resolve(kiosk);
      });
    });
  }

  cardOf(profileId: string): VirtualCard {
    const json: unknown = JSON.parse(readFileSync(join(root, 'fixtures/cards', `${profileId}.json`), 'utf8'));
    return new VirtualCard({ profile: parseCardProfileJson(json), counters: this.counters });
  }

  /** Puts a fixture person's card on a reader and waits until the kiosk starts reading it. */
  async insert(profileId: string, reader: VpcdReaderIndex = 0): Promise<void> {
    const reading = this.screen('reading', reader);
    await this.slot(reader).insert(this.cardOf(profileId));
    await reading;
  }

  /** Takes the card off and waits until the kiosk is back at 「カードを置いてください」. */
  async remove(reader: VpcdReaderIndex = 0): Promise<void> {
    const idle = this.screen('place-card', reader);
    await this.slot(reader).remove();
    await idle;
  }

  slot(reader: VpcdReaderIndex): VirtualCardSlot<VirtualCard> {
    const slot = this.slots.get(reader);
    if (slot === undefined) throw new Error(`no slot ${reader}`);
    return slot;
  }

  storeFile(): string {
    return join(this.temp.path, 'terminal.sqlite');
  }

  faceFolder(): string {
    return join(this.temp.path, 'face');
  }

  async stop(): Promise<void> {
    for (const slot of this.slots.values()) if (slot.card) await slot.remove().catch(() => undefined);
    await this.running?.stop();
    await this.central.stop();
    await this.temp.remove();
    await this.pcscd.stop();
  }
}

/** The terminal's configuration for tests: this central mock, the virtual readers, a store and face folder under `dir`. */
export function terminalConfigFor(central: TestCentral, dir: string, readers: readonly VpcdReaderIndex[], options: TerminalFixtureOptions = {}): unknown {
  const pki = central.stack.facilityPkiDir;
  return {
    facility: { medicalInstitutionCode: CLINIC, name: '見本内科医院', consentCategories: ['pharmaceutical', 'specificHealthCheckups'], issuesElectronicPrescriptions: options.electronicPrescriptions ?? false },
    kiosks: readers.map((reader) => ({ id: `kiosk-${reader + 1}`, readerName: vpcdReaderName(reader), cardFront: options.cardFront ?? 'printed-fields', extendedLength: true })),
    central: {
      url: central.stack.server.url,
      caCertificate: join(pki, 'ca.pem'),
      clientCertificate: join(pki, 'facilities', CLINIC, 'certificate.pem'),
      clientKey: join(pki, 'facilities', CLINIC, 'private-key.pem'),
      readerCertificate: join(pki, 'facilities', CLINIC, 'reader', 'certificate.pem'),
      readerKey: join(pki, 'facilities', CLINIC, 'reader', 'private-key.pem'),
    },
    certificates: {
      trustStore: join(root, 'fixtures/pki/ca'),
      ocspUrl: central.stack.jlis.ocspUrl,
      cardFacePublicKey: join(root, 'fixtures/pki/card-face/signer/public-key.spki.der'),
    },
    face: { framesPerAttempt: options.framesPerAttempt ?? 8 },
    store: { file: join(dir, 'terminal.sqlite') },
    faceFolder: { path: join(dir, 'face'), encoding: 'Shift_JIS' },
    languages: ['ja', 'en'],
    timeouts: options.timeouts ?? {},
  };
}

/** What the card-front scanner would read from a fixture person's card. */
function printedFieldsOf(person: Person | undefined) {
  if (person === undefined) return undefined;
  return printedFieldsOfCard(person.birthDate, person.card.expiryDate, person.card.collationNumberB.securityCode);
}
