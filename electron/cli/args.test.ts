import { describe, expect, it } from 'vitest';
import { parseCommand } from './args';

const parse = (...argv: string[]) => parseCommand(argv);
const error = (...argv: string[]): string => {
  const r = parseCommand(argv);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(argv)}`);
  return r.error;
};

describe('parseCommand', () => {
  it('asks for help with no arguments, "help", --help or -h', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['run', 'x.nodeloom', '--help']]) {
      expect(parse(...argv), JSON.stringify(argv)).toEqual({ ok: true, value: { kind: 'help' } });
    }
  });

  it('parses validate with and without --json', () => {
    expect(parse('validate', 'a.nodeloom')).toEqual({
      ok: true,
      value: { kind: 'validate', workflow: 'a.nodeloom', json: false },
    });
    expect(parse('validate', '--json', 'a.nodeloom')).toEqual({
      ok: true,
      value: { kind: 'validate', workflow: 'a.nodeloom', json: true },
    });
  });

  it('parses a bare run with its defaults', () => {
    expect(parse('run', 'a.nodeloom')).toEqual({
      ok: true,
      value: { kind: 'run', workflow: 'a.nodeloom', only: [], dryRun: false, json: false },
    });
  });

  it('parses every run flag, --only repeated and in --flag=value form', () => {
    const argv = ['run', 'a.nodeloom', '--out', 'out/', '--only', 'studio', '--only=edit'];
    expect(parse(...argv, '--dry-run', '--concurrency', '3', '--json')).toEqual({
      ok: true,
      value: {
        kind: 'run',
        workflow: 'a.nodeloom',
        out: 'out/',
        only: ['studio', 'edit'],
        dryRun: true,
        concurrency: 3,
        json: true,
      },
    });
  });

  it('parses --no-history, which only "run" takes', () => {
    expect(parse('run', 'a.nodeloom', '--no-history')).toEqual({
      ok: true,
      value: {
        kind: 'run',
        workflow: 'a.nodeloom',
        only: [],
        dryRun: false,
        json: false,
        noHistory: true,
      },
    });
    expect(error('validate', 'a.nodeloom', '--no-history')).toBe(
      '--no-history belongs to "run", not "validate"',
    );
  });

  it('parses --resend NODE (repeatable) and --resend-uncertain, which only "run" takes', () => {
    expect(parse('run', 'a.nodeloom', '--resend', 'm1', '--resend=m2')).toEqual({
      ok: true,
      value: expect.objectContaining({ resend: ['m1', 'm2'] }),
    });
    expect(parse('run', 'a.nodeloom', '--resend-uncertain')).toEqual({
      ok: true,
      value: expect.objectContaining({ resendUncertain: true }),
    });
    expect(error('validate', 'a.nodeloom', '--resend', 'm1')).toBe(
      '--resend belongs to "run", not "validate"',
    );
  });

  it('accepts --concurrency from 1 to 256 only, as a whole number', () => {
    for (const ok of ['1', '256']) {
      const r = parse('run', 'a.nodeloom', '--concurrency', ok);
      expect(r.ok && r.value.kind === 'run' && r.value.concurrency).toBe(Number(ok));
    }
    for (const bad of ['0', '257', '-1', '1.5', 'two', '']) {
      expect(error('run', 'a.nodeloom', `--concurrency=${bad}`)).toBe(
        `--concurrency must be a whole number from 1 to 256, got "${bad}"`,
      );
    }
  });

  it('refuses run or validate without a workflow file', () => {
    expect(error('run')).toBe('run needs a workflow file');
    expect(error('validate', '--json')).toBe('validate needs a workflow file');
  });

  it('refuses an unknown command, a second file and an unknown option', () => {
    expect(error('frobnicate', 'a.nodeloom')).toBe('unknown command "frobnicate"');
    expect(error('run', 'a.nodeloom', 'b.nodeloom')).toBe('unexpected argument "b.nodeloom"');
    expect(error('run', 'a.nodeloom', '--colour')).toMatch(/Unknown option '--colour'/);
  });

  it('refuses an option without its value', () => {
    expect(error('run', 'a.nodeloom', '--out')).toMatch(/--out/);
    expect(error('run', 'a.nodeloom', '--dry-run=yes')).toMatch(/--dry-run/);
  });

  it('refuses run-only flags on validate', () => {
    expect(error('validate', 'a.nodeloom', '--dry-run')).toBe(
      '--dry-run belongs to "run", not "validate"',
    );
    expect(error('validate', 'a.nodeloom', '--only', 'x')).toBe(
      '--only belongs to "run", not "validate"',
    );
  });
});
