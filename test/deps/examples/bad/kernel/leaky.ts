// Planted violations: kernel/ importing a project folder and an npm package (kernel-imports-nothing).
import pcsc from 'pcsclite';
import { driverPortVersion } from '../device/driver';
export const leaked = { pcsc, driverPortVersion };
