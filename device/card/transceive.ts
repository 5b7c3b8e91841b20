import { encodeCommand, EXTENDED_MAX_LE, getResponse, Ins, parseResponse, SHORT_MAX_LE } from './apdu';
import type { CommandApdu, ResponseApdu } from './apdu';
import { CardError } from './card-error';
import { concatBytes } from '../../kernel/bytes';
import type { CardTransport } from './transport';
import { swHex } from '../mynumber/status-words';

/** More GET RESPONSE rounds than this means a card that never stops: 65536 bytes at 256 a round. */
const MAX_GET_RESPONSE_ROUNDS = 256;

/**
 * Sends one command and returns the card's final answer, handling the two ISO 7816-4 procedure
 * answers the card is not known to send (card.md §1) but a reader or future card lot might:
 * `61xx` (more data: fetch it with GET RESPONSE) and `6Cxx` (wrong Le: send again with Le = xx).
 */
export async function transceive(transport: CardTransport, command: CommandApdu, step: string): Promise<ResponseApdu> {
  const first = await sendCorrectingLe(transport, command, step);
  if (first.sw >> 8 !== 0x61) return first;

  const parts = [first.data];
  let total = first.data.length;
  let response = first;
  for (let round = 0; response.sw >> 8 === 0x61; round += 1) {
    if (round >= MAX_GET_RESPONSE_ROUNDS || total > EXTENDED_MAX_LE) {
      throw new CardError('MALFORMED_RESPONSE', `${step}: the card kept answering 61xx`, { statusWord: response.sw });
    }
    const available = response.sw & 0xff;
    response = await sendCorrectingLe(transport, getResponse(available === 0 ? SHORT_MAX_LE : available), `${step} (GET RESPONSE)`);
    parts.push(response.data);
    total += response.data.length;
  }
  return { data: concatBytes(...parts), sw: response.sw };
}

async function sendCorrectingLe(transport: CardTransport, command: CommandApdu, step: string): Promise<ResponseApdu> {
  const response = await sendOnce(transport, command, step);
  if (response.sw >> 8 !== 0x6c) return response;
  const exact = response.sw & 0xff;
  const again = await sendOnce(transport, { ...command, le: exact === 0 ? SHORT_MAX_LE : exact }, `${step} (Le corrected)`);
  if (again.sw >> 8 === 0x6c) {
    throw new CardError('UNEXPECTED_STATUS', `${step}: the card asked twice for another Le (${swHex(again.sw)})`, {
      statusWord: again.sw,
    });
  }
  return again;
}

async function sendOnce(transport: CardTransport, command: CommandApdu, step: string): Promise<ResponseApdu> {
  const apdu = encodeCommand(command);
  try {
    return parseResponse(await transport.exchange(apdu, step));
  } finally {
    // PINs and 照合番号 live in VERIFY / CHANGE REFERENCE DATA data: do not leave them in memory.
    if (command.ins === Ins.verify || command.ins === Ins.changeReferenceData) apdu.fill(0);
  }
}
