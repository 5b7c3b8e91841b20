// Planted violation: device/ reaching into the state machine (device-uses-flow-ports-only).
import { readConfig } from '../flow/machine';
export const decide = readConfig;
