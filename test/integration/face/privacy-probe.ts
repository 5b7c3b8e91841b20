// Run by privacy.test.ts, bundled, under Node's permission model with no file-system write access:
// verifies the card holder through the face worker and prints one JSON line with the result. Any
// attempt of the verifier to write a file would throw ERR_ACCESS_DENIED and fail the run.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveFrame } from '../../../flow/ports/face-verifier';
import { decodePng } from '../../../face/image/png-decode';
import { FaceWorkerVerifier } from '../../../face/worker/face-worker-client';

// <frame-dir>/<challenge>/NN.png: one live sequence per challenge, since the worker picks the challenge.
const [card, frameDirectory] = process.argv.slice(2);
if (!card || !frameDirectory) throw new Error('usage: privacy-probe <card.jp2> <frame-dir>');

let writeDenied = false;
try {
  writeFileSync(join(frameDirectory, 'probe-write-check'), 'x');
} catch (error) {
  writeDenied = (error as NodeJS.ErrnoException).code === 'ERR_ACCESS_DENIED';
}

function framesFor(challenge: string): LiveFrame[] {
  const folder = join(frameDirectory!, challenge);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((file, k) => {
      const decoded = decodePng(readFileSync(join(folder, file)));
      return { ...decoded.image, format: decoded.kind, capturedAtMs: k * 100 };
    });
}

const verifier = await FaceWorkerVerifier.start();
try {
  const session = await verifier.openSession({ bytes: readFileSync(card) });
  const frames = framesFor(session.challenge);
  const check = await verifier.checkFrame(session.sessionId, frames[0]!);
  const result = await verifier.verify(session.sessionId, frames);
  await verifier.closeSession(session.sessionId);
  process.stdout.write(`${JSON.stringify({ writeDenied, session, check, result })}\n`);
} finally {
  await verifier.close();
}
