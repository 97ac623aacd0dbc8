import { describe, expect, it } from 'vitest';
import { USAGE } from './args';
import { cli } from './testKit';

describe('nodeloom with bad arguments', () => {
  it.each([
    [['run'], 'run needs a workflow file'],
    [
      ['run', 'x.nodeloom', '--concurrency', '0'],
      '--concurrency must be a whole number from 1 to 256',
    ],
    [['frobnicate', 'x.nodeloom'], 'unknown command "frobnicate"'],
    [['run', 'x.nodeloom', '--colour'], "Unknown option '--colour'"],
  ])('%j exits 2 with the problem and the usage', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(USAGE);
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect([r.code, r.stdout]).toEqual([0, `${USAGE}\n`]);
  });
});
