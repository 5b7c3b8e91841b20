import { Jpeg2000Decoder } from '../../face/image/jpeg2000';
import type { GrayImage } from '../../face/image/raster';
import type { CardPhotoHolding, CardPhotoKey, CardPhotoShelf } from '../../flow/ports/card-photo-shelf';

/** Turns the card's JPEG 2000 photo into 8-bit grey pixels; rejects for anything it cannot decode. */
export type CardPhotoDecoder = (jpeg2000: Uint8Array) => Promise<GrayImage>;

/** The card photo as staff see it: 8-bit grey pixels, row by row, no padding. */
export interface CardPhotoPixels {
  readonly width: number;
  readonly height: number;
  readonly gray: Uint8Array;
}

interface Held {
  readonly receptionId: string;
  pixels: GrayImage | undefined;
  ready: Promise<CardPhotoHolding>;
}

/**
 * The card photos for 目視確認, in this process's memory only: at most one per kiosk, for one
 * reception, as decoded pixels (the card's JPEG 2000 bytes are not kept). Nothing here is written to
 * disk or logged. The flow drops a kiosk's photo once no one may look at it; the terminal drops it
 * too when the card leaves the reader. Dropped pixels are overwritten, not just let go.
 */
export class MemoryCardPhotoShelf implements CardPhotoShelf {
  private readonly held = new Map<string, Held>();

  constructor(private readonly decode: CardPhotoDecoder = jpeg2000PhotoDecoder()) {}

  hold(key: CardPhotoKey, jpeg2000: Uint8Array, signal?: AbortSignal): Promise<CardPhotoHolding> {
    this.drop(key.kioskId);
    const entry: Held = { receptionId: key.receptionId, pixels: undefined, ready: Promise.resolve({ ok: true }) };
    this.held.set(key.kioskId, entry);
    const current = (): boolean => this.held.get(key.kioskId) === entry;
    entry.ready = (async (): Promise<CardPhotoHolding> => {
      let image: GrayImage;
      try {
        image = await this.decode(jpeg2000);
      } catch {
        if (current()) this.held.delete(key.kioskId);
        return { ok: false, code: 'PHOTO_UNDECODABLE' };
      }
      // Dropped, or given up by the flow, while it was decoded: it is not kept.
      if (!current() || signal?.aborted === true) {
        image.data.fill(0);
        if (current()) this.held.delete(key.kioskId);
        return { ok: false, code: 'PHOTO_DROPPED' };
      }
      entry.pixels = image;
      return { ok: true };
    })();
    return entry.ready;
  }

  async holds(key: CardPhotoKey): Promise<boolean> {
    const entry = this.held.get(key.kioskId);
    if (entry === undefined || entry.receptionId !== key.receptionId) return false;
    const holding = await entry.ready;
    return holding.ok && this.held.get(key.kioskId) === entry;
  }

  drop(kioskId: string): void {
    const entry = this.held.get(kioskId);
    this.held.delete(kioskId);
    entry?.pixels?.data.fill(0);
    if (entry !== undefined) entry.pixels = undefined;
  }

  /** The pixels of this reception's photo, when the kiosk holds it (decoded); undefined otherwise. */
  photoOf(key: CardPhotoKey): CardPhotoPixels | undefined {
    const entry = this.held.get(key.kioskId);
    if (entry === undefined || entry.receptionId !== key.receptionId || entry.pixels === undefined) return undefined;
    return { width: entry.pixels.width, height: entry.pixels.height, gray: entry.pixels.data };
  }

  /** How many kiosks hold a photo now (for tests and health checks; says nothing of whose). */
  get size(): number {
    return this.held.size;
  }
}

/** The face engine's OpenJPEG decoder, loaded on the first photo (a failed load is tried again next time). */
export function jpeg2000PhotoDecoder(): CardPhotoDecoder {
  let loading: Promise<Jpeg2000Decoder> | undefined;
  return async (jpeg2000) => {
    loading ??= Jpeg2000Decoder.create().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading).decode(jpeg2000);
  };
}
