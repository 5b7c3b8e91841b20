import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../face/image/raster';
import { defaultReceptionSettings } from '../../flow/reception-settings';
import { FakePorts } from '../../flow/testing/fake-ports';
import { KioskRuntime } from '../kiosk/kiosk-runtime';
import { jpeg2000PhotoDecoder, MemoryCardPhotoShelf } from './card-photo-shelf';

const cardPhoto = readFileSync(fileURLToPath(new URL('../../fixtures/face-bench/face01-card.jp2', import.meta.url)));
const key = { kioskId: 'kiosk-1', receptionId: 'r-1' };

/** A decoder the test finishes by hand, to drop a photo while it is being decoded. */
function heldDecoder(): { decode: (bytes: Uint8Array) => Promise<GrayImage>; finish: () => void } {
  let finish = (): void => undefined;
  return {
    decode: () =>
      new Promise<GrayImage>((resolve) => {
        finish = () => resolve({ width: 2, height: 2, data: Uint8Array.of(9, 9, 9, 9) });
      }),
    finish: () => finish(),
  };
}

describe('the card photos held for 目視確認', () => {
  it('decodes the card’s JPEG 2000 photo to grey pixels for this reception only', async () => {
    const shelf = new MemoryCardPhotoShelf(jpeg2000PhotoDecoder());
    expect(await shelf.hold(key, cardPhoto)).toEqual({ ok: true });
    const photo = shelf.photoOf(key)!;
    expect(photo.width).toBeGreaterThan(16);
    expect(photo.gray).toHaveLength(photo.width * photo.height);
    expect(new Set(photo.gray).size).toBeGreaterThan(16);
    expect(await shelf.holds(key)).toBe(true);
    expect(await shelf.holds({ ...key, receptionId: 'r-2' })).toBe(false);
    expect(shelf.photoOf({ ...key, receptionId: 'r-2' })).toBeUndefined();
    expect(shelf.photoOf({ ...key, kioskId: 'kiosk-2' })).toBeUndefined();
  });

  it('drops a kiosk’s photo at once, overwriting its pixels; the next reception’s replaces the last', async () => {
    const shelf = new MemoryCardPhotoShelf(jpeg2000PhotoDecoder());
    await shelf.hold(key, cardPhoto);
    const pixels = shelf.photoOf(key)!.gray;
    shelf.drop('kiosk-1');
    expect(shelf.photoOf(key)).toBeUndefined();
    expect(await shelf.holds(key)).toBe(false);
    expect(pixels.every((value) => value === 0)).toBe(true);
    await shelf.hold(key, cardPhoto);
    await shelf.hold({ ...key, receptionId: 'r-2' }, cardPhoto);
    expect(shelf.photoOf(key)).toBeUndefined();
    expect(shelf.photoOf({ ...key, receptionId: 'r-2' })).toBeDefined();
    expect(shelf.size).toBe(1);
  });

  it('keeps nothing of a photo it cannot decode, of one dropped while decoding, or of one the flow gave up on', async () => {
    const shelf = new MemoryCardPhotoShelf(jpeg2000PhotoDecoder());
    expect(await shelf.hold(key, Uint8Array.of(1, 2, 3))).toEqual({ ok: false, code: 'PHOTO_UNDECODABLE' });
    expect(shelf.size).toBe(0);

    const decoder = heldDecoder();
    const slow = new MemoryCardPhotoShelf(decoder.decode);
    const holding = slow.hold(key, cardPhoto);
    const asked = slow.holds(key);
    slow.drop('kiosk-1');
    decoder.finish();
    expect(await holding).toEqual({ ok: false, code: 'PHOTO_DROPPED' });
    expect(await asked).toBe(false);
    expect(slow.size).toBe(0);

    const aborted = new AbortController();
    const given = slow.hold(key, cardPhoto, aborted.signal);
    aborted.abort();
    decoder.finish();
    expect(await given).toEqual({ ok: false, code: 'PHOTO_DROPPED' });
    expect(slow.photoOf(key)).toBeUndefined();
    expect(slow.size).toBe(0);
  });

  it('behind a kiosk’s flow: held in 目視確認, gone when staff approve, gone when the card is pulled', async () => {
    const shelf = new MemoryCardPhotoShelf(async () => ({ width: 2, height: 2, data: Uint8Array.of(1, 2, 3, 4) }));
    const ports = new FakePorts();
    const kiosk = new KioskRuntime({
      settings: defaultReceptionSettings('kiosk-1'),
      dependencies: { ...ports.dependencies(), cardPhotos: shelf },
      onEmitted: () => undefined,
      clock: ports.clock,
    });
    /** Resolves once the staff view says so: an event, not a timer. */
    const until = (holds: (view: ReturnType<KioskRuntime['views']>['staff']) => boolean) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!holds(kiosk.views().staff)) return;
          stop();
          resolve();
        };
        const stop = kiosk.subscribe(check);
        check();
      });
    const cardPhotoShown = () => until((view) => view.cardPhoto?.status === 'shown');
    try {
      kiosk.cardInserted('r-1');
      await until((view) => view.visualCheckAvailable);
      expect(kiosk.staffEvent({ type: 'staff.visualCheck.started' }, 's1')).toEqual({ ok: true });
      await cardPhotoShown();
      expect(shelf.photoOf(key)?.gray).toEqual(Uint8Array.of(1, 2, 3, 4));
      expect(kiosk.staffEvent({ type: 'staff.visualCheck.approved' }, 's1')).toEqual({ ok: true });
      expect(shelf.size).toBe(0);

      kiosk.cardRemoved();
      kiosk.cardInserted('r-2');
      await until((view) => view.visualCheckAvailable);
      kiosk.staffEvent({ type: 'staff.visualCheck.started' }, 's1');
      await cardPhotoShown();
      expect(shelf.photoOf({ ...key, receptionId: 'r-2' })).toBeDefined();
      kiosk.cardRemoved();
      expect(shelf.size).toBe(0);
    } finally {
      kiosk.stop();
    }
  });
});
