import { describe, expect, it } from 'vitest';
import { HELP, runServeCommand } from './central';

describe('central serve --help', () => {
  it.each([['--help'], ['-h']])('prints the help and exits 0 for %s, starting nothing', async (flag) => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await runServeCommand([flag], { stdout: (line) => out.push(line), stderr: (line) => err.push(line) });
    expect(result.exitCode).toBe(0);
    expect(result.stop).toBeUndefined();
    expect(out).toEqual([HELP]);
    expect(err).toEqual([]);
    expect(HELP).toContain('--faults');
  });

  it('still refuses an unknown option with the usage, exit 2', async () => {
    const err: string[] = [];
    const result = await runServeCommand(['--frobnicate'], { stdout: () => undefined, stderr: (line) => err.push(line) });
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(err[0]!)).toMatchObject({ ok: false, code: 'USAGE' });
  });
});
