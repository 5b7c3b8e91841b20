import { toPem } from '../../crypto/mock-ca';
import { createOqsCentralSystem, type OqsCentralSystem } from '../../oqs/client';
import { CLINIC, type TestCentral } from './central-fixture';

/**
 * The pause between 一括照会 fetches, held by the test: each pause is handed to the test, which looks
 * at the job's progress, moves the mock's clock and lets the client go on. 処理中 is seen, not slept.
 */
export class SteppedWait {
  private readonly waiting: { ms: number; resolve: (go: boolean) => void }[] = [];
  private readonly notify: (() => void)[] = [];

  readonly wait = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      this.waiting.push({ ms, resolve });
      this.notify.splice(0).forEach((wake) => wake());
    });

  /** The next pause the client asks for. */
  async next(): Promise<{ ms: number; resolve: (go: boolean) => void }> {
    while (this.waiting.length === 0) await new Promise<void>((wake) => this.notify.push(wake));
    const step = this.waiting.shift();
    if (step === undefined) throw new Error('no pause');
    return step;
  }
}

/** The clinic's central client on the mock's clock, one try per call, its 一括照会 pauses held by `stepped`. */
export function steppedClinicClient(central: TestCentral, stepped: SteppedWait, pollMs: number): OqsCentralSystem {
  const entry = central.stack.facilityPki.facilities.find((facility) => facility.medicalInstitutionCode === CLINIC);
  if (entry === undefined) throw new Error('no clinic');
  const created = createOqsCentralSystem(
    {
      baseUrl: central.stack.server.url,
      medicalInstitutionCode: CLINIC,
      tls: { ca: toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE'), clientCertificate: entry.certificate, clientKey: entry.privateKeyPkcs8 },
      retry: { maxAttempts: 1 },
      bulkPoll: { intervalMs: pollMs, maxWaitMs: 60_000 },
    },
    { now: () => central.now(), random: () => 0.5, wait: (ms) => stepped.wait(ms) },
  );
  if (!created.ok) throw new Error(created.detail);
  return created.central;
}
