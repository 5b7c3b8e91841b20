// Planted violation: a port imported as a value, not with `import type` (flow-ports-as-types-only).
import { CARD_SESSION_VERSION } from '../flow/ports/card-session';
export const driverPortVersion = CARD_SESSION_VERSION;
