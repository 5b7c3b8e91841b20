import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPresenceSignature } from '../../crypto/presence';
import type { CardConfirmationRequest } from '../../flow/ports/central-system';
import { cardPresenceStatement } from '../presence/card-presence';
import { cardQualificationRequestOf } from './card-request';
import { presenceDigestOf } from './presence-proof';

const FACILITY = '1399999999';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const reader = { privateKeyPkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })), readerKeyId: 'ab'.repeat(32) };
const challenge = new Uint8Array(32).fill(9);
const base: CardConfirmationRequest = {
  receptionId: 'R-1',
  certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]),
  method: 'face',
  consents: { pharmaceutical: true, specificHealthCheckups: false, operation: true },
  proof: { kind: 'reader-attestation', challenge },
};

describe('cardQualificationRequestOf', () => {
  it('maps the method, the consent answers (1/0, unasked absent) and the reception id', () => {
    const model = cardQualificationRequestOf(FACILITY, base, reader)!;
    expect(model.MessageHeader).toEqual({ MedicalInstitutionCode: FACILITY, ReferenceClassification: '1', ArbitraryFileIdentifier: 'R-1' });
    expect(model.MessageBody.CardAuthenticationInfo).toEqual({ UserAuthCertificate: 'MAMCAQU=', AuthenticationMethod: '1' });
    expect(model.MessageBody.ConsentInfo).toEqual({ PharmaceuticalInfoConsFlg: '1', SpecificHealthCheckupsInfoConsFlg: '0', OperationInfoConsFlg: '1' });
    expect(cardQualificationRequestOf(FACILITY, { ...base, method: 'visual', consents: {} }, reader)!.MessageBody).not.toHaveProperty('ConsentInfo');
    expect(cardQualificationRequestOf(FACILITY, { ...base, method: 'visual' }, reader)!.MessageBody.CardAuthenticationInfo.AuthenticationMethod).toBe('3');
  });

  it("attests with the reader key over the statement the central system rebuilds from the request", () => {
    const model = cardQualificationRequestOf(FACILITY, base, reader)!;
    const proof = model.MessageBody.PresenceProof!;
    expect(proof.Challenge).toBe(Buffer.from(challenge).toString('base64'));
    expect(proof.ReaderKeyId).toBe(reader.readerKeyId);
    const rebuilt = cardPresenceStatement({
      medicalInstitutionCode: FACILITY,
      challenge: Buffer.from(proof.Challenge, 'base64'),
      certificateDer: Buffer.from(model.MessageBody.CardAuthenticationInfo.UserAuthCertificate, 'base64'),
      authenticationMethod: model.MessageBody.CardAuthenticationInfo.AuthenticationMethod,
      consents: model.MessageBody.ConsentInfo,
    });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    expect(verifyPresenceSignature(spki, rebuilt, Buffer.from(proof.AttestationSignature!, 'base64'))).toBe(true);
  });

  it('sends the card signature as given, and the digest the card signs is SHA-256 of that statement', () => {
    const facts = { ...base, method: 'pin' as const };
    const signature = new Uint8Array(256).fill(3);
    const model = cardQualificationRequestOf(FACILITY, { ...facts, proof: { kind: 'card-signature', challenge, signature } }, undefined)!;
    expect(model.MessageBody.PresenceProof).toEqual({ Challenge: Buffer.from(challenge).toString('base64'), CardSignature: Buffer.from(signature).toString('base64') });
    const statement = cardPresenceStatement({ medicalInstitutionCode: FACILITY, challenge, certificateDer: facts.certificateDer, authenticationMethod: '2', consents: model.MessageBody.ConsentInfo });
    expect(Buffer.from(presenceDigestOf(FACILITY, challenge, facts)).toString('hex')).toBe(createHash('sha256').update(statement).digest('hex'));
    expect(Buffer.from(presenceDigestOf(FACILITY, challenge, { ...facts, consents: {} })).toString('hex')).not.toBe(createHash('sha256').update(statement).digest('hex'));
  });

  it('is undefined for an attestation without a reader key', () => {
    expect(cardQualificationRequestOf(FACILITY, base, undefined)).toBeUndefined();
  });
});
