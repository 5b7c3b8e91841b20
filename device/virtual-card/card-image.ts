import { type KeyObject } from 'node:crypto';
import { AID } from '../../kernel/card/applications';
import { bytesEqual, fromHex } from '../../kernel/bytes';
import { EMULATED_APPLICATIONS, type CardProfile, type EmulatedApplication, type KeyProfile } from './card-profile';
import { loadRsaPrivateKey, loadRsaPublicKey, validateCardProfile } from './card-profile-validation';

/**
 * The card as commands see it: each application's files by id, EF bytes padded with `FF` to their
 * allocated size, private keys loaded once. Built from a validated profile; never changes.
 */

/** The §8.5 stand-in application: `F0` + "MYNAEMU". Emulator only; a real card fails its SELECT. */
export const STAND_IN_AID = fromHex('F04D594E4145 4D55');

export type ApplicationId = EmulatedApplication | 'standIn';

export interface RsaSigner {
  key: KeyObject;
  modulusBytes: number;
  /** PKCS#1 v1.5 type 1 padding needs 11 bytes: 245 for RSA-2048. */
  maxInputLength: number;
}

export interface BinaryFile {
  kind: 'binary';
  fid: number;
  bytes: Uint8Array;
  readableAfter: readonly number[];
}

export interface KeyFile {
  kind: 'key';
  fid: number;
  application: EmulatedApplication;
  key: KeyProfile;
}

export interface PrivateKeyFile {
  kind: 'privateKey';
  fid: number;
  signer: RsaSigner;
  usableAfter: readonly number[];
  standInGrant: boolean;
}

export type CardFile = BinaryFile | KeyFile | PrivateKeyFile;

export interface ApplicationImage {
  id: ApplicationId;
  aid: Uint8Array;
  files: ReadonlyMap<number, CardFile>;
  apSigner: RsaSigner | undefined;
}

export class CardImage {
  private constructor(
    readonly applications: readonly ApplicationImage[],
    readonly terminalPublicKey: KeyObject | undefined,
  ) {}

  static fromProfile(profile: CardProfile): CardImage {
    validateCardProfile(profile);
    const applications: ApplicationImage[] = [];
    for (const name of EMULATED_APPLICATIONS) {
      const application = profile.applications[name];
      if (!application) continue;
      const files = new Map<number, CardFile>();
      for (const file of application.files) {
        const bytes = new Uint8Array(file.size).fill(0xff);
        bytes.set(file.content, 0);
        files.set(file.fid, { kind: 'binary', fid: file.fid, bytes, readableAfter: file.readableAfter });
      }
      for (const key of application.keys) files.set(key.fid, { kind: 'key', fid: key.fid, application: name, key });
      for (const privateKey of application.privateKeys) {
        files.set(privateKey.fid, {
          kind: 'privateKey',
          fid: privateKey.fid,
          signer: rsaSigner(loadRsaPrivateKey(privateKey.pkcs8, 'pkcs8')),
          usableAfter: privateKey.usableAfter,
          standInGrant: privateKey.standInGrant,
        });
      }
      const apSigner = application.apSigningKey ? rsaSigner(loadRsaPrivateKey(application.apSigningKey, 'apSigningKey')) : undefined;
      applications.push({ id: name, aid: AID[name], files, apSigner });
    }
    let terminalPublicKey: KeyObject | undefined;
    if (profile.standIn) {
      terminalPublicKey = loadRsaPublicKey(profile.standIn.terminalPublicKey, 'standIn.terminalPublicKey');
      applications.push({ id: 'standIn', aid: STAND_IN_AID, files: new Map(), apSigner: undefined });
    }
    return new CardImage(applications, terminalPublicKey);
  }

  applicationByAid(aid: Uint8Array): ApplicationImage | undefined {
    return this.applications.find((application) => bytesEqual(application.aid, aid));
  }

  application(id: ApplicationId): ApplicationImage | undefined {
    return this.applications.find((application) => application.id === id);
  }
}

/** A short EF identifier names the EF whose file id is 0001–001E with the same value. */
export function fileByShortId(application: ApplicationImage, sfi: number): CardFile | undefined {
  return sfi >= 0x01 && sfi <= 0x1e ? application.files.get(sfi) : undefined;
}

function rsaSigner(key: KeyObject): RsaSigner {
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
  return { key, modulusBytes, maxInputLength: modulusBytes - 11 };
}
