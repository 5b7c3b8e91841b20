// The port through which the flow hands the card photo (券面事項確認AP DF27, as read from the card in the
// reader) to staff for 目視確認, and takes it back. Types only; the terminal holds it in memory and
// shows it on the staff console.
//
// Privacy rule carried by this port: the photo goes from the card to the shelf and nowhere else in the
// flow (never into the context, an event, a view or the store). The shelf keeps it in memory only, for
// one reception at one kiosk, until the flow drops it, at the latest when the reception ends.

/** Whose photo: the reception now at one kiosk. */
export interface CardPhotoKey {
  readonly kioskId: string;
  readonly receptionId: string;
}

export type CardPhotoHolding =
  | { readonly ok: true }
  /** The photo could not be turned into pixels staff can see. */
  | { readonly ok: false; readonly code: 'PHOTO_UNDECODABLE' }
  /** Dropped (the reception moved on) before it was ready. */
  | { readonly ok: false; readonly code: 'PHOTO_DROPPED' };

export interface CardPhotoShelf {
  /**
   * Holds the photo of this reception (JPEG 2000 as read from the card) for staff, in place of anything
   * the kiosk held. Nothing is kept when `signal` is aborted before the photo is ready. Never rejects.
   */
  hold(key: CardPhotoKey, jpeg2000: Uint8Array, signal?: AbortSignal): Promise<CardPhotoHolding>;
  /** Whether the photo of this reception is held, once a hold under way has settled. Never rejects. */
  holds(key: CardPhotoKey): Promise<boolean>;
  /** Drops whatever the kiosk holds, now. */
  drop(kioskId: string): void;
}
