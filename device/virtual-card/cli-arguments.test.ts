import { describe, expect, it } from 'vitest';
import { parseCliArguments } from './cli-arguments';

const parse = (...argv: string[]) => parseCliArguments(argv, '/repo');

describe('CLI arguments', () => {
  it('serve needs --profiles; the state folder defaults to ./data/virtual-card', () => {
    expect(parse('serve', '--profiles', 'fixtures/card-profiles')).toEqual({
      command: 'serve',
      profilesDir: 'fixtures/card-profiles',
      stateDir: '/repo/data/virtual-card',
    });
    expect(parse('serve', '--profiles', 'p', '--state', '/tmp/s')).toMatchObject({ stateDir: '/tmp/s' });
  });

  it('insert and swap take a profile id and --reader (default 0)', () => {
    expect(parse('insert', 'shiken-taro')).toMatchObject({ command: 'insert', profileId: 'shiken-taro', reader: 0 });
    expect(parse('swap', 'hanako', '--reader', '1')).toMatchObject({ command: 'swap', profileId: 'hanako', reader: 1 });
    expect(parse('remove', '--reader', '1')).toMatchObject({ command: 'remove', reader: 1 });
    expect(parse('status')).toEqual({ command: 'status', stateDir: '/repo/data/virtual-card' });
  });

  it.each([
    [[]],
    [['eject']],
    [['serve']],
    [['insert']],
    [['insert', 'a', 'b']],
    [['insert', 'a', '--reader', '2']],
    [['remove', 'a']],
    [['status', '--reader', '1']],
    [['serve', '--profiles', 'p', '--reader', '1']],
    [['insert', 'a', '--colour', 'red']],
  ])('refuses %j with USAGE and the usage text', (argv) => {
    expect(() => parse(...argv)).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('usage:') }));
  });
});
