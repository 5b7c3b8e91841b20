import { readFile, stat } from 'node:fs/promises';
import { describeFaultConfigIssues, faultConfigSchema, type FaultConfig } from './fault-config';
import { FaultConfigError } from './fault-config-error';

/** A fault file is a few hundred bytes; anything this big is a wrong path, not a configuration. */
export const MAX_FAULT_CONFIG_BYTES = 1024 * 1024;

/** Validates a parsed value as a fault configuration, or throws FAULT_CONFIG_INVALID naming each bad field. */
export function parseFaultConfig(value: unknown, source = 'fault configuration'): FaultConfig {
  const result = faultConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = describeFaultConfigIssues(result.error);
  throw new FaultConfigError('FAULT_CONFIG_INVALID', `${source} is invalid: ${problems.join('; ')}`, problems);
}

/** Reads and validates the server's fault configuration file (JSON). */
export async function loadFaultConfigFile(path: string): Promise<FaultConfig> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_FAULT_CONFIG_BYTES) {
      throw new FaultConfigError('FAULT_CONFIG_INVALID', `${path} has ${info.size} bytes, limit ${MAX_FAULT_CONFIG_BYTES}`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof FaultConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaultConfigError('FAULT_CONFIG_UNREADABLE', `cannot read fault configuration ${path}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaultConfigError('FAULT_CONFIG_INVALID', `${path} is not JSON: ${reason}`);
  }
  return parseFaultConfig(json, path);
}
