// Planted violation: production code importing a test helper (no-import-of-tooling).
import { helper } from '../test/helper';
export const started = helper;
