import { randomBytes } from 'node:crypto';
import { SW } from '../mynumber/status-words';
import { claNamesOtherChannel, parseCommandApdu, statusOnly } from './apdu';
import { fidHex } from './bytes';
import { CardFaults } from './card-faults';
import { CardImage, type KeyFile } from './card-image';
import type { CardProfile, EmulatedApplication } from './card-profile';
import { CardSession } from './card-session';
import { CommandMonitor, type CommandListener } from './command-monitor';
import { changeReferenceData } from './commands/change-reference-data';
import type { CommandContext, CommandHandler } from './commands/command-context';
import { computeDigitalSignature } from './commands/compute-digital-signature';
import { getChallenge } from './commands/get-challenge';
import { notEmulated } from './commands/not-emulated';
import { readBinary } from './commands/read-binary';
import { select } from './commands/select';
import { standInAuthenticate } from './commands/stand-in-authenticate';
import { verify } from './commands/verify';
import type { CounterStore } from './counter-store';
import { KeyRegister } from './key-register';
import type { VpcdCard } from './vpcd-link';
import { VirtualCardError } from './virtual-card-error';

/** Instructions by CLA‖INS; anything else is 6D00. */
const COMMANDS: ReadonlyMap<number, CommandHandler> = new Map([
  [0x00a4, select],
  [0x00b0, readBinary],
  [0x0020, verify],
  [0x0024, changeReferenceData],
  [0x0084, getChallenge],
  [0x0082, standInAuthenticate],
  [0x802a, computeDigitalSignature],
  [0x80ae, notEmulated],
  [0x80a2, notEmulated],
]);

export interface VirtualCardOptions {
  profile: CardProfile;
  /** Where tries left (and changed key values) live; share one store to keep a card's counters across rebuilds. */
  counters: CounterStore;
  /** GET CHALLENGE's source; node:crypto by default. */
  randomBytes?: (length: number) => Uint8Array;
}

export interface KeyCounter {
  application: EmulatedApplication;
  keyFid: string;
  triesLeft: number;
  maxTries: number;
}

/**
 * The virtual マイナンバーカード (card.md §8): answers vpcd control messages and C-APDUs, and offers test
 * controls outside PC/SC (counters, power cycle, faults, "command received").
 */
export class VirtualCard implements VpcdCard {
  readonly profile: CardProfile;
  readonly faults = new CardFaults();
  private readonly image: CardImage;
  private readonly keys: KeyRegister;
  private readonly session = new CardSession();
  private readonly monitor = new CommandMonitor();
  private readonly context: CommandContext;
  private powered = false;
  /** Bumped by every power event, so a command that waited across one is abandoned. */
  private powerEpoch = 0;

  constructor(options: VirtualCardOptions) {
    this.profile = options.profile;
    this.image = CardImage.fromProfile(options.profile);
    this.keys = new KeyRegister(options.profile.id, options.counters);
    const random = options.randomBytes ?? ((length: number) => new Uint8Array(randomBytes(length)));
    this.context = { image: this.image, session: this.session, keys: this.keys, randomBytes: random };
  }

  get atr(): Uint8Array {
    return this.profile.atr;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  powerOn(): void {
    this.losePower();
    this.powered = true;
  }

  powerOff(): void {
    this.losePower();
    this.powered = false;
  }

  /** Warm reset: volatile state is lost unless the profile says the card keeps it (§8.3). */
  reset(): void {
    this.powerEpoch += 1;
    if (!this.profile.keepStateOnReset) this.session.clear();
    this.powered = true;
  }

  /** Test control: power off then on, as a removal and re-insertion would. */
  powerCycle(): void {
    this.powerOff();
    this.powerOn();
  }

  async transmit(commandApdu: Uint8Array): Promise<Uint8Array> {
    const command = Uint8Array.from(commandApdu);
    this.monitor.notify(command);
    if (!this.powered) throw new VirtualCardError('CARD_NOT_POWERED', 'a command reached the card before power-on');
    const epoch = this.powerEpoch;
    const fault = this.faults.takeFault();
    if (fault === 'pull') {
      this.powerOff();
      throw new VirtualCardError('CARD_PULLED', 'the card was pulled before it answered');
    }
    await this.faults.wait(command);
    if (epoch !== this.powerEpoch) {
      throw new VirtualCardError('COMMAND_ABANDONED', 'the card lost power while the command was pending');
    }
    if (fault === 'technicalProblem') return statusOnly(SW.noPreciseDiagnosis);
    return this.execute(command);
  }

  /** Test hook: runs listener for every command as it arrives, before it executes. Returns an unsubscribe. */
  onCommand(listener: CommandListener): () => void {
    return this.monitor.onCommand(listener);
  }

  /** Test hook: resolves with the next command that arrives (and satisfies `wanted`). */
  nextCommand(wanted?: (commandApdu: Uint8Array) => boolean): Promise<Uint8Array> {
    return this.monitor.nextCommand(wanted);
  }

  get commandsReceived(): number {
    return this.monitor.count;
  }

  /** Test control: tries left of a key, as the card would count them. */
  triesLeft(application: EmulatedApplication, keyFid: number): number {
    const { key } = this.keyFile(application, keyFid);
    return this.keys.triesLeft(application, key);
  }

  /** Test control: set tries left (0 blocks the key, the maximum unblocks it). */
  setTriesLeft(application: EmulatedApplication, keyFid: number, triesLeft: number): void {
    const { key } = this.keyFile(application, keyFid);
    this.keys.setTriesLeft(application, key, triesLeft);
  }

  /** Every key of the card with its counter, for status displays and assertions. */
  keyCounters(): KeyCounter[] {
    return this.image.applications.flatMap((application) =>
      [...application.files.values()].flatMap((file) =>
        file.kind === 'key'
          ? [{ application: file.application, keyFid: fidHex(file.fid), triesLeft: this.keys.triesLeft(file.application, file.key), maxTries: file.key.maxTries }]
          : [],
      ),
    );
  }

  private execute(command: Uint8Array): Uint8Array {
    const apdu = parseCommandApdu(command);
    if (!apdu) return statusOnly(SW.wrongLength);
    if (claNamesOtherChannel(apdu.cla)) return statusOnly(SW.logicalChannelNotSupported);
    if (apdu.cla !== 0x00 && apdu.cla !== 0x80) return statusOnly(SW.claNotSupported);
    const handler = COMMANDS.get((apdu.cla << 8) | apdu.ins);
    if (!handler) return statusOnly(SW.insNotSupported);
    return handler(apdu, this.context);
  }

  private losePower(): void {
    this.powerEpoch += 1;
    this.session.clear();
  }

  private keyFile(application: EmulatedApplication, keyFid: number): KeyFile {
    const file = this.image.application(application)?.files.get(keyFid);
    if (file?.kind !== 'key') throw new RangeError(`${application} has no key ${fidHex(keyFid)}`);
    return file;
  }
}
