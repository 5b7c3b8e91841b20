import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPersons } from '../../central/seed/load-persons';
import type { Person } from '../../central/seed/person-schema';
import {
  createCryptoEngine,
  DEFAULT_CA_GENERATIONS,
  generateTestPki,
  signDigestInfo,
  writeTestPki,
  type CardHolderInput,
  type TestPki,
} from '../../crypto/mock-ca';
import { cardFaceDigestInfo, encodeCardFaceFile, encodeCardFacePublicKey } from '../../device/virtual-card/card-face-file';
import { cardProfileToJson } from '../../device/virtual-card/card-profile-json';
import type { CardProfile } from '../../device/virtual-card/card-profile';
import { encodeBasicFourInfoFile } from '../../device/virtual-card/input-assist-files';
import { buildCardProfile } from '../../device/virtual-card/profile-builder';
import { JpkiFile } from '../../kernel/card/applications';
import { cardPhotoJp2, textPng } from './card-images';
import { municipalityOf } from './municipalities';

/**
 * Builds the virtual cards of the fixture people: the mock CA (fixtures/pki) and one emulator
 * profile per person (fixtures/cards/<id>.json) with its certificates, keys, PINs, 基本4情報 and a
 * signed card face holding the person's photo as greyscale JPEG 2000. Deterministic: the same
 * persons, faces and seed give byte-identical output, which a test checks against what is committed.
 *
 *   npx tsx scripts/card-fixtures/build-card-fixtures.ts [--out <dir>]   (default: fixtures/)
 */
// Frozen: the seed of the committed fixtures; changing it changes every key, certificate and card.
export const TEST_PKI_SEED = 'oqs-reception-terminal/test-pki/v1';

export interface CardFixturePaths {
  personsDir: string;
  facesDir: string;
  outDir: string;
}

const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');

export function holderInput(person: Person): CardHolderInput {
  const municipality = municipalityOf(person.address.text);
  return {
    id: person.id,
    municipalityCode: municipality.code6,
    prefecture: municipality.prefecture,
    city: municipality.city,
    name: person.name.kanji,
    sex: person.sex,
    birthDate: person.birthDate,
    address: person.address.text,
    cardKind: person.card.kind,
    userAuthCertificate: {
      issueDate: person.card.userAuthCertificate.issueDate,
      expiryDate: person.card.userAuthCertificate.expiryDate,
    },
    revoked: person.card.userAuthCertificate.state === 'revoked',
  };
}

async function cardFaceFile(person: Person, pki: TestPki, facesDir: string): Promise<Uint8Array> {
  const unsigned = {
    birthDate: compactDate(person.birthDate),
    sex: person.sex,
    publicKey: encodeCardFacePublicKey(pki.cardFace.signer.publicKeySpki),
    namePng: await textPng(person.name.kanji, 360, 48),
    addressPng: await textPng(person.address.text, 720, 48),
    photoJp2: await cardPhotoJp2(join(facesDir, `${person.photo}.png`)),
    expiryDate: compactDate(person.card.expiryDate),
    securityCodePng: await textPng(person.card.collationNumberB.securityCode, 120, 40),
  };
  const signature = signDigestInfo(pki.cardFace.signer.privateKeyPkcs8, cardFaceDigestInfo(unsigned));
  return encodeCardFaceFile({ ...unsigned, signature });
}

function caCertificateOf(generations: TestPki['caGenerations']['userAuth'], generation: string): Uint8Array {
  const ca = generations.find((candidate) => candidate.generation === generation);
  if (!ca) throw new Error(`the mock CA has no CA generation ${generation}`);
  return ca.certificate;
}

export async function cardProfileOf(person: Person, pki: TestPki, facesDir: string): Promise<CardProfile> {
  const certificates = pki.holders[person.id];
  if (!certificates) throw new Error(`the mock CA has no certificates for ${person.id}`);
  const { card } = person;
  const profile = buildCardProfile({
    id: person.id,
    description: `${person.name.kanji} — ${person.purpose}`,
    kind: card.kind,
    jpki: {
      userAuthCertificate: certificates.userAuth.certificate,
      userAuthCaCertificate: caCertificateOf(pki.caGenerations.userAuth, certificates.userAuth.issuerGeneration),
      userAuthPrivateKey: certificates.userAuth.privateKeyPkcs8,
      ...(certificates.signing
        ? {
            signingCertificate: certificates.signing.certificate,
            signingCaCertificate: caCertificateOf(pki.caGenerations.signing, certificates.signing.issuerGeneration),
            signingPrivateKey: certificates.signing.privateKeyPkcs8,
          }
        : {}),
    },
    ...(card.userAuthPin === undefined ? {} : { userAuthPin: card.userAuthPin }),
    ...(card.signingPassword === undefined ? {} : { signingPassword: card.signingPassword }),
    ...(card.inputAssistPin === undefined ? {} : { inputAssistPin: card.inputAssistPin }),
    individualNumber: card.individualNumber,
    collationNumberB: card.collationNumberB.value,
    basicFourInfoFile: encodeBasicFourInfoFile({
      name: person.name.kanji,
      address: person.address.text,
      birthDate: compactDate(person.birthDate),
      sex: person.sex,
    }),
    cardFaceFile: await cardFaceFile(person, pki, facesDir),
    cardFaceApKey: pki.cardFace.signer.privateKeyPkcs8,
    standInTerminalPublicKey: pki.terminal.key.publicKeySpki,
  });
  return withUserAuthPinState(profile, person);
}

/** A standard card whose fixture says its 利用者証明用 PIN has no tries left starts blocked. */
function withUserAuthPinState(profile: CardProfile, person: Person): CardProfile {
  const triesLeft = person.card.userAuthPinTriesLeft;
  if (person.card.kind === 'face-only' || triesLeft === 3) return profile;
  if (triesLeft !== 0) throw new Error(`${person.id}: a profile starts with all tries or none; ${triesLeft} needs a counter store`);
  const jpki = profile.applications.jpki;
  if (!jpki) throw new Error(`${person.id}: the profile has no JPKI application`);
  return {
    ...profile,
    applications: {
      ...profile.applications,
      jpki: { ...jpki, keys: jpki.keys.map((key) => (key.fid === JpkiFile.userAuthPin ? { ...key, blocked: true } : key)) },
    },
  };
}

export async function buildCardFixtures(paths: CardFixturePaths): Promise<{ pki: TestPki; profiles: CardProfile[] }> {
  const persons = loadPersons(paths.personsDir);
  const pki = await generateTestPki(
    { seed: TEST_PKI_SEED, caGenerations: DEFAULT_CA_GENERATIONS, holders: persons.map(holderInput) },
    createCryptoEngine(),
  );
  const profiles: CardProfile[] = [];
  for (const person of persons) profiles.push(await cardProfileOf(person, pki, paths.facesDir));

  const pkiDir = join(paths.outDir, 'pki');
  const cardsDir = join(paths.outDir, 'cards');
  // Generated folders: start empty so nothing of an earlier run lingers.
  await rm(pkiDir, { recursive: true, force: true });
  await rm(cardsDir, { recursive: true, force: true });
  await writeTestPki(pki, pkiDir);
  await mkdir(cardsDir, { recursive: true });
  for (const profile of profiles) {
    await writeFile(join(cardsDir, `${profile.id}.json`), `${JSON.stringify(cardProfileToJson(profile), null, 2)}\n`);
  }
  return { pki, profiles };
}

async function main(argv: string[]): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1] as string) : join(root, 'fixtures');
  const started = performance.now();
  const { profiles } = await buildCardFixtures({ personsDir: join(root, 'fixtures/persons'), facesDir: join(root, 'fixtures/faces'), outDir });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`wrote ${join(outDir, 'pki')} and ${profiles.length} card profiles to ${join(outDir, 'cards')} in ${seconds} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`card fixtures could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
