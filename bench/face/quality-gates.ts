// How the quality gates do on frames made for them: for every identity, one frame per gate
// (bench/face/synth/quality-images.ts) and one clean frame. Reports, per code, how often the gate
// fired on its own image, and how often any gate fired on the clean frames.
import type { FaceQualityCode } from '../../flow/ports/face-verifier';
import type { FaceEngine } from '../../face/engine';
import { allQualityCodes, frameFor, goodFrame } from './synth/quality-images';
import type { SourceFace } from './synth/source-faces';
import { liveFrame } from './test-support';

export interface QualityGateReport {
  readonly triggered: Record<FaceQualityCode, { fired: number; of: number; missedFor: string[] }>;
  readonly cleanFrames: { of: number; flagged: number; flags: Partial<Record<FaceQualityCode, number>> };
}

export async function qualityGateReport(engine: FaceEngine, sources: readonly SourceFace[]): Promise<QualityGateReport> {
  const triggered = Object.fromEntries(allQualityCodes.map((code) => [code, { fired: 0, of: 0, missedFor: [] as string[] }])) as QualityGateReport['triggered'];
  const clean = { of: 0, flagged: 0, flags: {} as Partial<Record<FaceQualityCode, number>> };
  for (const [index, source] of sources.entries()) {
    const other = sources[(index + 1) % sources.length]!;
    const good = await engine.analyseFrame(liveFrame(goodFrame(source)));
    good.forget();
    clean.of++;
    if (good.quality.length > 0) clean.flagged++;
    for (const code of good.quality) clean.flags[code] = (clean.flags[code] ?? 0) + 1;
    for (const code of allQualityCodes) {
      const analysis = await engine.analyseFrame(liveFrame(frameFor(code, source, other)));
      analysis.forget();
      const row = triggered[code];
      row.of++;
      if (analysis.quality.includes(code)) row.fired++;
      else row.missedFor.push(source.id);
    }
  }
  return { triggered, cleanFrames: clean };
}
