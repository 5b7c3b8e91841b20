import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = fileURLToPath(new URL('./examples', import.meta.url));

interface CheckResult {
  exitCode: number;
  /** `rule: from-module` for every violation the checker reported. */
  violations: string[];
  modulesCruised: number;
}

/** Runs the checker exactly as `npm test` does, on the project or on an example tree. */
function checkDependencies(folder?: string): Promise<CheckResult> {
  const args = [`${root}/scripts/check-deps`, ...(folder ? [folder] : [])];
  return new Promise((resolve) => {
    execFile('bash', args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`;
      const violations = [...output.matchAll(/^\s*error (\S+): (\S+) →/gm)].map((match) => `${match[1]}: ${match[2]}`);
      const cruised = /(\d+) modules, \d+ dependencies cruised/.exec(output);
      resolve({
        exitCode: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        violations,
        modulesCruised: cruised ? Number(cruised[1]) : 0,
      });
    });
  });
}

describe('dependency rules of ARCHITECTURE.md', () => {
  it('pass on the project tree', async () => {
    const result = await checkDependencies();
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.modulesCruised).toBeGreaterThan(5);
  });

  it('pass on an example that uses every kind of allowed import', async () => {
    const result = await checkDependencies(`${examples}/good`);
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.modulesCruised).toBeGreaterThanOrEqual(11);
  });

  it('fail on planted violations, naming each broken rule', async () => {
    const result = await checkDependencies(`${examples}/bad`);
    expect(result.exitCode).not.toBe(0);
    expect(result.violations).toEqual(
      expect.arrayContaining([
        'flow-is-pure: flow/machine.ts',
        'flow-ports-as-types-only: device/driver.ts',
        'device-uses-flow-ports-only: device/decides.ts',
        'pcsc-only-in-device: store/database.ts',
        'renderer-contract-only: renderer/kiosk.ts',
        'no-import-of-tooling: terminal/main.ts',
        'no-import-of-fixtures: central/seed.ts',
        'central-imports: central/seed.ts',
        'no-circular: oqs/first.ts',
        'testing-only-in-tests: device/uses-fake.ts',
        'kernel-imports-nothing: kernel/leaky.ts',
        'flow-and-kernel-tests-pure: flow/machine.test.ts',
      ]),
    );
  });
});
