// The reception terminal as its own process, for tests that kill it: `tsx test/harness/terminal-process.ts
// <config.json>`. Env: OQS_TEST_CARD names the fixture card on the reader (what its card-front scanner
// reads), OQS_TEST_TIME the fixed wall-clock time shared with the central mock. Prints one JSON line
// with the API's URL once it listens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPersons } from '../../central/seed/load-persons';
import { PrintedCardFront, printedFieldsOfCard } from '../../device/virtual-card/printed-card-front';
import { parseReceptionConfig } from '../../terminal/config';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { startReceptionTerminal } from '../../terminal/reception-terminal';
import { UNUSED_FACE } from './reception-terminal';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = parseReceptionConfig(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
const person = loadPersons(join(root, 'fixtures/persons')).find((candidate) => candidate.id === process.env.OQS_TEST_CARD);
if (person === undefined) throw new Error('OQS_TEST_CARD names no fixture person');
const printed = printedFieldsOfCard(person.birthDate, person.card.expiryDate, person.card.collationNumberB.securityCode);
const time = new Date(process.env.OQS_TEST_TIME ?? Date.now());

const terminal = await startReceptionTerminal(config, {
  face: UNUSED_FACE,
  cardFronts: new Map(config.kiosks.map((kiosk) => [kiosk.id, new PrintedCardFront(() => person.id, () => printed)])),
  clock: { now: () => time },
});
const api = await buildReceptionApi({ kiosks: terminal.kiosks });
await api.listen({ host: '127.0.0.1', port: 0 });
const address = api.server.address();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/` })}\n`);
process.once('SIGTERM', () => {
  void api.close().then(() => terminal.stop()).then(() => process.exit(0));
});
