import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './vpcd-framing';
import { isVirtualCardError } from './virtual-card-error';

/**
 * The card side of the vpcd protocol: pcscd's vpcd driver listens, a card connects (insertion) and
 * answers control messages and C-APDUs until the connection closes (removal).
 */
export interface VpcdCard {
  readonly atr: Uint8Array;
  powerOn(): void;
  powerOff(): void;
  reset(): void;
  transmit(commandApdu: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** One-byte control payloads pcscd sends; only GET_ATR expects an answer. */
export const VpcdControl = { powerOff: 0, powerOn: 1, reset: 2, getAtr: 4 } as const;

/** Reader `Virtual PCD 00 00` listens on 35963, `00 01` on 35964. */
export const VPCD_FIRST_PORT = 35963;

/** What the card answers when its own code fails: SW 6F00, "no precise diagnosis". */
const TECHNICAL_PROBLEM = Uint8Array.of(0x6f, 0x00);

export type VpcdErrorCode = 'VPCD_UNREACHABLE' | 'VPCD_CONNECTION_LOST';

export class VpcdError extends Error {
  constructor(
    readonly code: VpcdErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VpcdError';
  }
}

export interface VpcdInsertion {
  /**
   * Closes the connection and resolves once pcscd has closed its side, i.e. has seen the card
   * removed. A new card connected before that would be taken for the old one (no removal event).
   */
  remove(): Promise<void>;
  /** Drops the connection at once, as a card yanked mid-APDU: pcscd gets no answer. */
  pull(): void;
  /** Settles when the connection ends, by remove() or by the other side. */
  readonly closed: Promise<void>;
}

export interface VpcdAddress {
  host?: string;
  port?: number;
}

export function insertIntoVpcd(card: VpcdCard, address: VpcdAddress = {}): Promise<VpcdInsertion> {
  const host = address.host ?? '127.0.0.1';
  const port = address.port ?? VPCD_FIRST_PORT;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const onConnectError = (error: Error): void => {
      reject(new VpcdError('VPCD_UNREACHABLE', `no vpcd reader listening on ${host}:${port}`, { cause: error }));
    };
    socket.once('error', onConnectError);
    socket.once('connect', () => {
      socket.off('error', onConnectError);
      resolve(serveCard(card, socket));
    });
  });
}

function serveCard(card: VpcdCard, socket: Socket): VpcdInsertion {
  const decoder = new FrameDecoder();
  // Answers go out in the order requests came in, even when transmit() is asynchronous.
  let answering: Promise<void> = Promise.resolve();

  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      try {
        // Removal takes the card's power, and with it every volatile state.
        card.powerOff();
      } catch {
        // A card that fails to power off is removed all the same.
      }
      resolve();
    });
  });
  // A reset by pcscd or a kill of the daemon ends the insertion; `closed` reports it.
  socket.on('error', () => socket.destroy());

  socket.on('data', (chunk: Buffer) => {
    for (const payload of decoder.push(chunk)) {
      answering = answering
        .then(() => answer(card, payload))
        .then((reply) => {
          if (reply === PULLED) socket.destroy();
          else if (reply && socket.writable) socket.write(encodeFrame(reply));
        })
        // A card that throws on a control message is broken: drop it rather than stall the queue.
        .catch(() => {
          socket.destroy();
        });
    }
  });

  return {
    closed,
    remove: async () => {
      socket.end();
      await closed;
    },
    pull: () => {
      socket.destroy();
    },
  };
}

/** The card vanished while answering: the connection drops with no reply. */
const PULLED = Symbol('pulled');

async function answer(card: VpcdCard, payload: Uint8Array): Promise<Uint8Array | typeof PULLED | undefined> {
  if (payload.length === 1) {
    switch (payload[0]) {
      case VpcdControl.powerOff:
        card.powerOff();
        return undefined;
      case VpcdControl.powerOn:
        card.powerOn();
        return undefined;
      case VpcdControl.reset:
        card.reset();
        return undefined;
      case VpcdControl.getAtr:
        return card.atr;
      default:
        return undefined;
    }
  }
  try {
    return await card.transmit(payload);
  } catch (error) {
    if (isVirtualCardError(error, 'CARD_PULLED') || isVirtualCardError(error, 'COMMAND_ABANDONED')) return PULLED;
    return TECHNICAL_PROBLEM;
  }
}
