/**
 * Byte and hex helpers every folder may use. Uint8Array throughout (never Buffer), no Node: this file
 * also compiles for the browser runtime.
 */

/** Upper-case hex, the form transcripts, status words and error messages use; `separator` between bytes. */
export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}

/** Parses hex in either case, ignoring spaces and colons (`3B C5 FF`, `3b:c5:ff`); a RangeError on anything else. */
export function fromHex(text: string): Uint8Array {
  const compact = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) throw new RangeError(`not an even-length hex string: ${JSON.stringify(text.slice(0, 40))}`);
  return Uint8Array.from(compact.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
