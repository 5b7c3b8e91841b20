import { describeFaultConfigIssues, faultConfigSchema, type FaultConfig, type FaultDecision, type FaultInjector, type FaultStats } from '../faults';
import type { FaultSettings } from '../store';
import { CentralRefusal } from '../service/central-errors';

/**
 * The fault injection of one server process, following the settings in the store: a change made
 * through any process (the admin API) reaches every process at its next request. Decisions and counts
 * are per process; the seeded sequence replays exactly for one process.
 */
export class SharedFaults {
  private version = -1;

  constructor(
    private readonly injector: FaultInjector,
    private readonly settings: FaultSettings,
  ) {}

  decide(operation: string, now: Date): FaultDecision {
    this.sync();
    return this.injector.decide(operation, now);
  }

  /** Validates and stores a configuration (undefined: none); a bad one is refused with every problem named. */
  configure(config: unknown): FaultConfig | undefined {
    if (config !== undefined) {
      const parsed = faultConfigSchema.safeParse(config);
      if (!parsed.success) throw new CentralRefusal('INVALID_VALUE', describeFaultConfigIssues(parsed.error).join('; '));
      this.settings.write(parsed.data);
    } else {
      this.settings.write(undefined);
    }
    this.sync();
    return this.injector.current();
  }

  current(): FaultConfig | undefined {
    this.sync();
    return this.injector.current();
  }

  stats(): FaultStats {
    this.sync();
    return this.injector.stats();
  }

  private sync(): void {
    const version = this.settings.version();
    if (version === this.version) return;
    const stored = this.settings.read();
    // Stored configurations were validated when written; one that no longer parses means no faults.
    const parsed = stored.config === undefined ? undefined : faultConfigSchema.safeParse(stored.config);
    this.injector.configure(parsed?.success === true ? parsed.data : undefined);
    this.version = stored.version;
  }
}
