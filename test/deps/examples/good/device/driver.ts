import { readFile } from 'node:fs/promises';
import pcsc from 'pcsclite';
import { toHex } from '../kernel/bytes';
import type { CardSession } from '../flow/ports/card-session';
export const createSession = (): CardSession => ({
  readCertificate: async () => new Uint8Array(await readFile(`${String(pcsc.name)}${toHex(new Uint8Array())}`)),
});
