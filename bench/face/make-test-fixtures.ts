// Writes the small committed fixtures of the face unit tests: fixtures/face-bench/<id>-card.jp2, the
// benchmark's card photos (same seeded specification as build-dataset.ts) for a few identities, and
// cards.json recording how each was made.
//
//   tsx bench/face/make-test-fixtures.ts
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaceModels } from '../../face/model/face-models';
import { defaultFacesDirectory, defaultSeed, writeJpeg2000 } from './build-dataset';
import { Prng } from './synth/prng';
import { cardSpec, renderCardPhoto } from './synth/render';
import { loadSourceFaces } from './synth/source-faces';

export const testIdentities = ['face01', 'face02', 'face18'] as const;
const out = fileURLToPath(new URL('../../fixtures/face-bench', import.meta.url));

const models = await FaceModels.load();
const sources = (await loadSourceFaces(models, defaultFacesDirectory)).filter((s) => (testIdentities as readonly string[]).includes(s.id));
models.dispose();
await mkdir(out, { recursive: true });
const records = [];
for (const source of sources) {
  const spec = cardSpec(Prng.of(defaultSeed, source.id, 'card'));
  const file = `${source.id}-card.jp2`;
  await writeJpeg2000(renderCardPhoto(source, spec), join(out, file), spec.compressionRatio);
  const bytes = await readFile(join(out, file));
  records.push({ file, identity: source.id, source: `fixtures/faces/${source.id}.png`, seed: defaultSeed, spec, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
}
await writeFile(join(out, 'cards.json'), `${JSON.stringify(records, null, 2)}\n`);
process.stderr.write(`wrote ${records.length} card photos to ${out}\n`);
