// Allowed: kernel/ is pure and imports nothing but itself.
import { hexDigits } from './digits';
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => hexDigits[byte >> 4]! + hexDigits[byte & 15]!).join('');
