import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decodeCommand } from '../../../device/card/apdu';
import { redactCommand } from '../../../device/card/transcript';
import { cardFaceFile, certificateLike, sampleCardFaceFields, withFiller } from '../../../device/card/testing/card-files';
import { AID, CardFaceFile, JpkiFile } from '../../../kernel/card/applications';
import type { VpcdCard } from '../../../device/virtual-card/vpcd-link';
import { MY_NUMBER_CONTACT_ATR } from '../../harness/minimal-card';

/**
 * A small scripted マイナンバーカード for the driver's PC/SC tests, behind vpcd: the JPKI AP
 * (certificate EF 000A, PIN 0018 with a counter, signing with 0017 via node:crypto) and the
 * 券面事項確認AP (照合番号B 0012, card face EF 0002). Status words follow card.md §8.1 where the
 * driver can reach them. It stands in until device/virtual-card's emulator is ready.
 *
 * Test controls: `pullAt(index, pull)` makes the card, on its `index`-th command, call `pull`
 * (the test removes the vpcd connection) and never answer — a card pulled mid-APDU.
 */
export interface ScriptedCardProfile {
  /** Tells two cards apart: their certificates differ. */
  readonly seed: number;
  readonly certificateLength?: number;
  readonly userAuthPin?: string;
  readonly pinTries?: number;
  /** Whether READ BINARY accepts extended Le (reader support varies, card.md §1). */
  readonly extendedLength?: boolean;
}

const OK = Uint8Array.of(0x90, 0x00);
const sw = (word: number) => Uint8Array.of(word >> 8, word & 0xff);
const sameBytes = (left: Uint8Array, right: Uint8Array) => left.length === right.length && left.every((byte, index) => byte === right[index]);

type Application = 'jpki' | 'cardFace';

interface DataFile {
  readonly kind: 'data';
  readonly bytes: Uint8Array;
  readonly needsKey?: number;
}
interface KeyFile {
  readonly kind: 'key';
  readonly value: string;
  readonly maxTries: number;
  triesLeft: number;
}
interface PrivateKeyFile {
  readonly kind: 'privateKey';
  readonly key: KeyObject;
  readonly needsKey: number;
}
type CardFile = DataFile | KeyFile | PrivateKeyFile;

export const DEFAULT_PIN = '1234';
export const DEFAULT_COLLATION_NUMBER_B = '55021720352285';

export class ScriptedCard implements VpcdCard {
  readonly atr = MY_NUMBER_CONTACT_ATR;
  readonly certificate: Uint8Array;
  readonly cardFace: Uint8Array;
  readonly publicKey: KeyObject;
  /** Every command received, hex, VERIFY values masked. */
  readonly received: string[] = [];
  powerOns = 0;
  powerOffs = 0;
  private readonly files: Record<Application, Map<number, CardFile>>;
  private readonly extendedLength: boolean;
  private application: Application | undefined;
  private currentFile: CardFile | undefined;
  private readonly verified = new Set<number>();
  private pull: { index: number; action: () => void } | undefined;

  constructor(profile: ScriptedCardProfile) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = publicKey;
    this.extendedLength = profile.extendedLength ?? true;
    this.certificate = certificateLike(profile.certificateLength ?? 1500, profile.seed);
    this.cardFace = cardFaceFile(sampleCardFaceFields(900, profile.seed));
    const pinTries = profile.pinTries ?? 3;
    this.files = {
      jpki: new Map<number, CardFile>([
        [JpkiFile.userAuthCertificate, { kind: 'data', bytes: withFiller(this.certificate, 2048) }],
        [JpkiFile.userAuthPin, { kind: 'key', value: profile.userAuthPin ?? DEFAULT_PIN, maxTries: 3, triesLeft: pinTries }],
        [JpkiFile.userAuthPrivateKey, { kind: 'privateKey', key: privateKey, needsKey: JpkiFile.userAuthPin }],
      ]),
      cardFace: new Map<number, CardFile>([
        [CardFaceFile.collationNumberB, { kind: 'key', value: DEFAULT_COLLATION_NUMBER_B, maxTries: 10, triesLeft: 10 }],
        [CardFaceFile.cardFace, { kind: 'data', bytes: withFiller(this.cardFace, 2048), needsKey: CardFaceFile.collationNumberB }],
      ]),
    };
  }

  /** On its `index`-th command (0-based, counting from now on), run `action` and never answer. */
  pullAt(index: number, action: () => void): void {
    this.pull = { index: this.received.length + index, action };
  }

  powerOn(): void {
    this.powerOns += 1;
    this.forgetSession();
  }

  powerOff(): void {
    this.powerOffs += 1;
    this.forgetSession();
  }

  reset(): void {
    this.forgetSession();
  }

  transmit(commandApdu: Uint8Array): Uint8Array | Promise<Uint8Array> {
    const index = this.received.length;
    this.received.push(redactCommand(commandApdu));
    if (this.pull && this.pull.index === index) {
      const { action } = this.pull;
      this.pull = undefined;
      action();
      return new Promise<Uint8Array>(() => {});
    }
    let command;
    try {
      command = decodeCommand(commandApdu);
    } catch {
      return sw(0x6700);
    }
    if (command.cla !== 0x00 && command.cla !== 0x80) return sw(0x6e00);
    switch (command.ins) {
      case 0xa4:
        return this.select(command.p1, command.p2, command.data);
      case 0xb0:
        return this.readBinary(commandApdu, (command.p1 << 8) | command.p2, command.le ?? 0);
      case 0x20:
        return this.verify(command.p2, command.data);
      case 0x2a:
        return this.sign(command.p1, command.data);
      default:
        return sw(0x6d00);
    }
  }

  private forgetSession(): void {
    this.application = undefined;
    this.currentFile = undefined;
    this.verified.clear();
  }

  private select(p1: number, p2: number, data: Uint8Array | undefined): Uint8Array {
    if (p2 !== 0x0c || !data) return sw(0x6a86);
    if (p1 === 0x04) {
      const application = sameBytes(data, AID.jpki) ? 'jpki' : sameBytes(data, AID.cardFace) ? 'cardFace' : undefined;
      if (!application) return sw(0x6a82);
      this.application = application;
      this.currentFile = undefined;
      this.verified.clear();
      return OK;
    }
    if (p1 === 0x02 && data.length === 2 && this.application) {
      const file = this.files[this.application].get(((data[0] ?? 0) << 8) | (data[1] ?? 0));
      if (!file) return sw(0x6a82);
      this.currentFile = file;
      return OK;
    }
    return sw(0x6a82);
  }

  private readBinary(apdu: Uint8Array, offset: number, le: number): Uint8Array {
    const file = this.currentFile;
    if (!file) return sw(0x6986);
    if (file.kind !== 'data') return sw(0x6981);
    const extended = apdu.length === 7;
    if (extended && !this.extendedLength) return sw(0x6700);
    if (file.needsKey !== undefined && !this.verified.has(file.needsKey)) return sw(0x6982);
    if (offset >= file.bytes.length) return sw(0x6b00);
    const data = file.bytes.subarray(offset, offset + le);
    return Uint8Array.from([...data, 0x90, 0x00]);
  }

  private verify(p2: number, data: Uint8Array | undefined): Uint8Array {
    const file = this.currentFile;
    if (p2 !== 0x80 || !file || file.kind !== 'key') return sw(0x6a88);
    const keyId = this.keyIdOf(file);
    if (!data || data.length === 0) {
      if (file.triesLeft === 0) return sw(0x63c0);
      if (this.verified.has(keyId)) return OK;
      return sw(0x63c0 | file.triesLeft);
    }
    if (file.triesLeft === 0) return sw(0x6984);
    if (new TextDecoder().decode(data) === file.value) {
      file.triesLeft = file.maxTries;
      this.verified.add(keyId);
      return OK;
    }
    file.triesLeft -= 1;
    this.verified.delete(keyId);
    return sw(0x63c0 | file.triesLeft);
  }

  private sign(p1: number, data: Uint8Array | undefined): Uint8Array {
    const file = this.currentFile;
    if (p1 !== 0x00) return sw(0x6a86);
    if (!file || file.kind !== 'privateKey' || !this.verified.has(file.needsKey)) return sw(0x6982);
    if (!data || data.length === 0 || data.length > 245) return sw(0x6700);
    const signature = privateEncrypt({ key: file.key, padding: constants.RSA_PKCS1_PADDING }, data);
    return Uint8Array.from([...signature, 0x90, 0x00]);
  }

  private keyIdOf(file: KeyFile): number {
    for (const files of Object.values(this.files)) {
      for (const [id, candidate] of files) if (candidate === file) return id;
    }
    return -1;
  }

  /** Tries left on the PIN, for assertions. */
  get pinTriesLeft(): number {
    const file = this.files.jpki.get(JpkiFile.userAuthPin);
    return file?.kind === 'key' ? file.triesLeft : -1;
  }
}
