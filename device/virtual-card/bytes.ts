/** Small byte helpers shared by the emulator; Uint8Array throughout, never Buffer in public types. */

/** Parses hex, ignoring spaces and colons (`3B C5 FF`, `3b:c5:ff`). Throws a RangeError on anything else. */
export function hexToBytes(hex: string): Uint8Array {
  const compact = hex.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) throw new RangeError(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  return Uint8Array.from(compact.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Big-endian unsigned 16-bit. */
export function u16(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`${value} does not fit in 16 bits`);
  return Uint8Array.of(value >> 8, value & 0xff);
}

/** Bytes of a string that must be printable ASCII (PINs, dates, labels). */
export function asciiBytes(text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`not printable ASCII: ${JSON.stringify(text)}`);
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/** The bytes as ASCII text, or undefined when any byte is not printable ASCII. */
export function printableAscii(bytes: Uint8Array): string | undefined {
  if (!bytes.every((byte) => byte >= 0x20 && byte <= 0x7e)) return undefined;
  return String.fromCharCode(...bytes);
}

/** A file id as the spec writes it: four upper-case hex digits. */
export function fidHex(fid: number): string {
  return fid.toString(16).toUpperCase().padStart(4, '0');
}
