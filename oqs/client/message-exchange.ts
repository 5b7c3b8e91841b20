import type { CentralFailure } from '../../flow/ports/central-system';
import { isOqsError } from '../errors';
import { parseJsonForm, toJsonForm } from '../json/json-form';
import type { Shape } from '../messages/schema';
import type { MessageModel, XmlMessageCodec } from '../messages/xml-message';
import type { CentralConnection, PostOptions } from './central-connection';
import { centralFailure } from './failure-mapping';

export type MessageOutcome<H extends Shape, B extends Shape> = { readonly ok: true; readonly message: MessageModel<H, B> } | CentralFailure;

/**
 * One XmlMsg request and its answer in the JSON form the central system documents for every message
 * path (§8; `GET /openapi.json`). A model our codec refuses is not sent; an answer it cannot read is
 * CENTRAL_MALFORMED_ANSWER.
 */
export async function exchangeMessage<RH extends Shape, RB extends Shape, AH extends Shape, AB extends Shape>(
  connection: CentralConnection,
  path: string,
  request: { readonly codec: XmlMessageCodec<RH, RB>; readonly model: MessageModel<RH, RB> },
  answerCodec: XmlMessageCodec<AH, AB>,
  options: PostOptions,
): Promise<MessageOutcome<AH, AB>> {
  let json: unknown;
  try {
    json = toJsonForm(request.codec, request.model);
  } catch (error) {
    // Our own request is invalid (e.g. a value too long): nothing was sent, and sending it again will not help.
    return centralFailure('CENTRAL_REFUSED', false, `${request.codec.messageName} not sent: ${describe(error)}`);
  }
  const outcome = await connection.postJson(path, json, options);
  if (!outcome.ok) return outcome;
  try {
    const { answer } = outcome;
    const isXml = /^(application|text)\/xml\b/i.test(answer.contentType);
    const message = isXml ? answerCodec.parse(answer.body) : parseJsonForm(answerCodec, new TextDecoder('utf-8', { fatal: true }).decode(answer.body));
    return { ok: true, message };
  } catch (error) {
    return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `${answerCodec.messageName}: ${describe(error)}`);
  }
}

/** A codec failure as code and element path, never a value (it may be a person's data). */
function describe(error: unknown): string {
  if (isOqsError(error)) return error.path === undefined ? error.code : `${error.code} at ${error.path}`;
  return error instanceof TypeError ? 'not UTF-8' : 'unreadable';
}
