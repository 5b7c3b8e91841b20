import { EXTENDED_MAX_LE, READ_BINARY_MAX_OFFSET, readBinary } from './apdu';
import { CardError } from './card-error';
import { concatBytes } from '../../kernel/bytes';
import { requireOk } from './status';
import { readTlvHeader, TlvError } from './tlv';
import { transceive } from './transceive';
import type { CardTransport } from './transport';
import { SW } from '../mynumber/status-words';

/** Status words are 2 bytes: a transport returning at most N bytes carries at most N − 2 data bytes. */
const STATUS_WORD_LENGTH = 2;
const END_OF_FILE_WARNING = 0x6282;

/**
 * The most data one READ BINARY may ask for on this transport: 256 with short APDUs, up to 65536
 * (extended Le `00 00 00`) when the transport says extended length works.
 */
export function readChunkLength(transport: CardTransport): number {
  const dataRoom = Math.floor(transport.maxResponseLength) - STATUS_WORD_LENGTH;
  if (!(dataRoom >= 1)) {
    throw new CardError('INVALID_INPUT', `maxResponseLength ${transport.maxResponseLength} leaves no room for data`);
  }
  return Math.min(dataRoom, EXTENDED_MAX_LE);
}

/**
 * Reads the selected EF that holds one BER-TLV (a DER certificate, the `FF 20` card-face and
 * 基本4情報 files) and returns exactly that TLV, without the `FF` filler after it.
 *
 * Fewest APDUs: the first READ BINARY asks for a whole chunk (256, or everything with extended
 * Le), which holds the header; its length, in any BER form, says how much is left, read in whole
 * chunks, the last one asking only for what remains. A short DER certificate of N bytes costs
 * ceil(N / 256) reads, or one extended read.
 */
export async function readTlvFile(transport: CardTransport, step: string): Promise<Uint8Array> {
  const chunkLength = readChunkLength(transport);
  const parts: Uint8Array[] = [];
  let received = 0;

  const readMore = async (wanted: number): Promise<Uint8Array> => {
    if (received > READ_BINARY_MAX_OFFSET) {
      throw new CardError('MALFORMED_RESPONSE', `${step}: the file is larger than READ BINARY can address`);
    }
    const response = await transceive(transport, readBinary(received, Math.min(wanted, chunkLength)), step);
    if (response.sw === SW.wrongOffset) {
      throw new CardError('MALFORMED_RESPONSE', `${step}: the file ends at byte ${received}, before its declared length`, {
        statusWord: response.sw,
      });
    }
    // ISO 7816-4 6282, "end of file reached before Le bytes", carries data like 9000 (card.md: 9000).
    const data = response.sw === END_OF_FILE_WARNING ? response.data : requireOk(response, step);
    if (data.length === 0) {
      throw new CardError('MALFORMED_RESPONSE', `${step}: the card returned no data at byte ${received}`);
    }
    parts.push(data);
    received += data.length;
    return concatBytes(...parts);
  };

  let content = await readMore(chunkLength);
  let total: number;
  for (;;) {
    try {
      const header = readTlvHeader(content);
      total = header.headerLength + header.length;
      break;
    } catch (error) {
      // A header cut by a very short first answer: read on until it is whole.
      const cutShort = error instanceof TlvError && (error.reason === 'TRUNCATED_TAG' || error.reason === 'TRUNCATED_LENGTH');
      if (!cutShort || content.length >= 16) throw error;
      content = await readMore(chunkLength);
    }
  }
  while (content.length < total) content = await readMore(total - content.length);
  return content.slice(0, total);
}
