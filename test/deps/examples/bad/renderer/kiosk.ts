// Planted violation: a renderer importing the card driver (renderer-contract-only).
import { driverPortVersion } from '../device/driver';
export const shown = driverPortVersion;
