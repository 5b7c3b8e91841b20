import { runLiveListBench } from './live-list.bench';
import { runPdfExportBench } from './pdf-export.bench';

/**
 * `npm run bench:console`: the staff console's benchmarks, one part after another, each a function
 * that logs as it goes and returns its figures. The last line of output is one JSON object with a
 * key per part and `aimMet` over all of them. A new part (e.g. the live list's latency) is one more
 * entry in PARTS.
 */
interface Part {
  readonly name: string;
  run(log: (line: string) => void): Promise<{ aimMet: boolean }>;
}

const PARTS: readonly Part[] = [
  { name: 'pdfExport', run: runPdfExportBench },
  { name: 'liveList', run: runLiveListBench },
];

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const figures: Record<string, unknown> = {};
  let aimMet = true;
  for (const part of PARTS) {
    log(`— ${part.name}`);
    const result = await part.run(log);
    figures[part.name] = result;
    aimMet &&= result.aimMet;
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'console', ...figures, aimMet })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
