/** Byte helpers only the emulator needs (hex, joining and comparing are in kernel/bytes). */

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
