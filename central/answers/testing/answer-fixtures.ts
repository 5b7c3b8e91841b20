import { SUBSTITUTE_CHARACTER } from '../../../oqs';
import type { BuiltMessage, MessageModel, Shape, XmlDeclaredEncoding, XmlMessageCodec } from '../../../oqs';
import { loadPersons } from '../../seed/load-persons';
import type { Person } from '../../seed/person-schema';
import { FIXTURE_PERSONS_DIR } from '../../store/testing/temp-store';

/** For the answers' tests only: the fixture people as files, and a codec round trip. */
export const fixturePersons: ReadonlyMap<string, Person> = new Map(loadPersons(FIXTURE_PERSONS_DIR).map((person) => [person.id, person]));

export const encodings: readonly XmlDeclaredEncoding[] = ['Shift_JIS', 'UTF-8'];

export interface RoundTrip<M> {
  built: BuiltMessage;
  parsed: M;
  /** The model as Shift_JIS can carry it: characters without a code read back as ●. */
  expected: M;
}

export function roundTrip<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  model: MessageModel<H, B>,
  encoding: XmlDeclaredEncoding,
  consentNaming: 'older' | 'newer' = 'newer',
): RoundTrip<MessageModel<H, B>> {
  const built = codec.build(model, { encoding, consentNaming });
  const parsed = codec.parse(built.bytes, { unknownElements: 'reject' });
  let text = JSON.stringify(model);
  for (const char of new Set(built.substituted)) text = text.replaceAll(char, SUBSTITUTE_CHARACTER);
  return { built, parsed, expected: JSON.parse(text) as MessageModel<H, B> };
}
