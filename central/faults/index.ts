// Deterministic fault injection for the central mock: configuration, its file loader and the injector.
export {
  faultConfigSchema,
  describeFaultConfigIssues,
  MAX_LATENCY_MS,
  MAX_OUTAGE_WINDOWS,
  MAX_ROUTES,
  type FaultConfig,
  type OutageWindow,
} from './fault-config';
export { FaultConfigError, isFaultConfigError, type FaultConfigErrorCode } from './fault-config-error';
export { loadFaultConfigFile, parseFaultConfig, MAX_FAULT_CONFIG_BYTES } from './load-fault-config';
export { FaultInjector, type FaultDecision, type FaultKind, type FaultStats } from './fault-injector';
export { SeededRandom } from './seeded-random';
