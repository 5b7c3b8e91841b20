// Planted violation: a flow/ unit test touching the file system (flow-and-kernel-tests-pure).
import { existsSync } from 'node:fs';
export const present = existsSync('.');
