// Planted violation: flow/ touching node I/O (flow-is-pure).
import { readFileSync } from 'node:fs';
export const readConfig = (path: string): string => readFileSync(path, 'utf8');
