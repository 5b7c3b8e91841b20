import { beforeAll, describe, expect, it } from 'vitest';
import { readTestPki, signCardFace } from '../mock-ca';
import type { TestPki } from '../mock-ca';
import { verifyCardFace } from './card-face';
import type { CardFaceSignedParts } from './card-face';
import type { VerificationCode } from './result-codes';

// Tampering rows of the scenario table: DF28 over DF22–DF27 (card.md §5).
let pki: TestPki;
beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
});

function tlv(tag: number, value: Uint8Array): Uint8Array {
  const length = value.length < 0x80 ? [value.length] : value.length < 0x100 ? [0x81, value.length] : [0x82, value.length >> 8, value.length & 0xff];
  return Uint8Array.from([0xdf, tag, ...length, ...value]);
}
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

const jp2 = Uint8Array.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, ...new Uint8Array(600).fill(0x42)]);
const parts = (birthDate = '19800217', photo = jp2): CardFaceSignedParts => ({
  birthDateSexKey: concat(tlv(0x22, ascii(birthDate)), tlv(0x23, ascii('1')), tlv(0x24, new Uint8Array(261).fill(3))),
  nameAddressImages: concat(tlv(0x25, new Uint8Array(300).fill(0x89)), tlv(0x26, new Uint8Array(400).fill(0x50))),
  facePhoto: tlv(0x27, photo),
});

function signed(signedParts: CardFaceSignedParts): Uint8Array {
  return signCardFace(pki.cardFace.signer.privateKeyPkcs8, signedParts.birthDateSexKey, signedParts.nameAddressImages, signedParts.facePhoto);
}

describe('verifyCardFace', () => {
  const tamperedPhoto = Uint8Array.from(jp2, (byte, index) => (index === jp2.length - 1 ? byte ^ 0xff : byte));
  const rows: Array<{ name: string; presented: () => CardFaceSignedParts; signature: () => Uint8Array; key?: () => Uint8Array; expected: VerificationCode | 'ok' }> = [
    { name: 'untouched card face', presented: () => parts(), signature: () => signed(parts()), expected: 'ok' },
    { name: 'tampered photo', presented: () => parts(undefined, tamperedPhoto), signature: () => signed(parts()), expected: 'CARD_FACE_SIGNATURE_INVALID' },
    { name: 'tampered birth date', presented: () => parts('19900217'), signature: () => signed(parts()), expected: 'CARD_FACE_SIGNATURE_INVALID' },
    { name: 'name and address images swapped in from another card', presented: () => ({ ...parts(), nameAddressImages: new Uint8Array(10) }), signature: () => signed(parts()), expected: 'CARD_FACE_SIGNATURE_INVALID' },
    { name: 'signature by another key', presented: () => parts(), signature: () => signCardFace(pki.terminal.key.privateKeyPkcs8, parts().birthDateSexKey, parts().nameAddressImages, parts().facePhoto), expected: 'CARD_FACE_SIGNATURE_INVALID' },
    { name: 'empty signature', presented: () => parts(), signature: () => new Uint8Array(), expected: 'CARD_FACE_SIGNATURE_INVALID' },
    { name: 'malformed card-face key', presented: () => parts(), signature: () => signed(parts()), key: () => new Uint8Array([1, 2, 3]), expected: 'KEY_MALFORMED' },
  ];

  it.each(rows)('$name', ({ presented, signature, key, expected }) => {
    const result = verifyCardFace({ cardFacePublicKeySpki: key ? key() : pki.cardFace.signer.publicKeySpki, signedParts: presented(), signature: signature() });
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });
});
