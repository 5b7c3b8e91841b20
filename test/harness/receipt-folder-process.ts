// The レセコン folder service as its own process, for tests that kill it: `node --import tsx
// test/harness/receipt-folder-process.ts <config.json>`. The config names the central mock (URL, the
// facility PKI folder, the facility), the folders and their settings, and the fixed time shared with
// the central mock. Prints one JSON line per event of the service, the first one {"ready":true} once
// it has started.
import { readFileSync } from 'node:fs';
import { ReceiptFolderService } from '../../terminal/receipt-folders/receipt-folder-service';
import { receiptFolderSettingsOf, receiptFoldersConfigSchema } from '../../terminal/receipt-folders/settings';
import { folderCentralClientFromDir } from './receipt-folders';

interface ProcessConfig {
  readonly centralUrl: string;
  readonly facilityPkiDir: string;
  readonly facility: string;
  readonly now: string;
  readonly folders: unknown;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ProcessConfig;
const now = new Date(config.now);
const central = await folderCentralClientFromDir(config.facilityPkiDir, config.centralUrl, config.facility, () => now);
const service = ReceiptFolderService.create({
  settings: receiptFolderSettingsOf(receiptFoldersConfigSchema.parse(config.folders)),
  central,
  medicalInstitutionCode: config.facility,
  clock: { now: () => now },
  log: (code, detail) => void process.stderr.write(`[${code}] ${detail}\n`),
});
service.subscribe((event) => void process.stdout.write(`${JSON.stringify(event)}\n`));
await service.start();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', () => {
  void service.stop().then(() => {
    central.close();
    process.exit(0);
  });
});
