import { describe, expect, it } from 'vitest';
import { testGraph } from '../testing/testGraph';
import { WORKFLOW_FORMAT, createWorkflow, parseWorkflow, serializeWorkflow } from './format';
import { CURRENT_WORKFLOW_VERSION, WORKFLOW_MIGRATIONS, migrateWorkflow } from './migrations';
import type { Migration } from './migrations';

type Json = Record<string, unknown>;

/** Freezes an object and everything in it, so any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A synthetic history: version 0 kept nodes and edges at the top level and called
 * the viewport `view`; version 1 nests them in `graph` (the current format).
 */
const v0ToV1: Migration = {
  from: 0,
  describe: 'move nodes, edges and view into graph',
  migrate: ({ nodes, edges, view, ...rest }) => ({
    ...rest,
    graph: { nodes, edges, viewport: view },
    meta: {},
  }),
};

const v0File = (): Json => ({
  format: WORKFLOW_FORMAT,
  version: 0,
  nodes: [
    { id: 'p', type: 'prompt', params: { text: 'a cat' }, position: { x: 0, y: 0 } },
    { id: 'out', type: 'preview', params: {}, position: { x: 300, y: 0 } },
  ],
  edges: [],
  view: { x: 0, y: 0, zoom: 1 },
});

/** A step that records its own application, in a log shared by a chain of steps. */
const recordingStep = (from: number, log: string[]): Migration => ({
  from,
  describe: `step ${from}→${from + 1}`,
  migrate: (file) => {
    log.push(`${from}: saw version ${String(file.version)}`);
    return { ...file, history: [...((file.history as string[] | undefined) ?? []), `${from}`] };
  },
});

describe('migrateWorkflow', () => {
  it('a v0 file passes through a v0 -> v1 migration and opens', () => {
    const result = parseWorkflow(v0File(), [v0ToV1]);
    expect(result).toEqual({
      ok: true,
      value: {
        format: WORKFLOW_FORMAT,
        version: 1,
        meta: {},
        graph: {
          nodes: v0File().nodes,
          edges: [],
          viewport: { x: 0, y: 0, zoom: 1 },
        },
      },
    });
  });

  it('the same v0 file without the migration is refused naming the missing step', () => {
    const result = parseWorkflow(v0File(), []);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe('version: no migration from format version 0 to 1');
    }
  });

  it('applies the steps in version order, whatever their order in the list', () => {
    const log: string[] = [];
    const steps = [recordingStep(2, log), recordingStep(0, log), recordingStep(1, log)];
    const result = migrateWorkflow({ version: 0 }, 0, 3, steps);
    expect(result).toEqual({
      ok: true,
      value: {
        file: { version: 3, history: ['0', '1', '2'] },
        applied: ['step 0→1', 'step 1→2', 'step 2→3'],
      },
    });
    expect(log).toEqual(['0: saw version 0', '1: saw version 1', '2: saw version 2']);
  });

  it('bumps the version even when a step forgets to', () => {
    const forgetful: Migration = { from: 0, describe: 'no-op', migrate: (f) => ({ ...f }) };
    const result = migrateWorkflow({ version: 0 }, 0, 1, [forgetful]);
    expect(result.ok && result.value.file.version).toBe(1);
  });

  it('starts from the file version: earlier steps are not re-applied', () => {
    const log: string[] = [];
    const steps = [0, 1, 2].map((v) => recordingStep(v, log));
    const result = migrateWorkflow({ version: 1 }, 1, 3, steps);
    expect(result.ok && result.value.applied).toEqual(['step 1→2', 'step 2→3']);
    expect(log).toEqual(['1: saw version 1', '2: saw version 2']);
  });

  it('a current file goes through unchanged, with nothing applied', () => {
    const file = { version: 3, x: 1 };
    expect(migrateWorkflow(file, 3, 3, [])).toEqual({ ok: true, value: { file, applied: [] } });
  });

  it('a gap in the list is refused with the missing step named', () => {
    const log: string[] = [];
    const steps = [recordingStep(0, log), recordingStep(2, log)];
    expect(migrateWorkflow({ version: 0 }, 0, 3, steps)).toEqual({
      ok: false,
      error: 'no migration from format version 1 to 2',
    });
  });

  it('a file from a newer app is refused', () => {
    expect(migrateWorkflow({ version: 4 }, 4, 3, [])).toEqual({
      ok: false,
      error:
        'this file is format version 4, written by a newer Nodeloom; this version reads up to 3',
    });
  });

  it('a step that throws is reported as an error naming the step, not thrown', () => {
    const broken: Migration = {
      from: 0,
      describe: 'broken',
      migrate: (file) => ({ ...file, count: (file.nodes as unknown[]).length }),
    };
    expect(migrateWorkflow({ version: 0 }, 0, 1, [broken])).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^could not upgrade the file from format version 0 to 1: .*length/,
      ),
    });
    const result = parseWorkflow({ format: WORKFLOW_FORMAT, version: 0 }, [broken]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^version: could not upgrade/);
  });

  it('does not modify its input (pure steps on a frozen file)', () => {
    const input = deepFreeze(v0File());
    const snapshot = JSON.stringify(input);
    const result = migrateWorkflow(input, 0, 1, [v0ToV1]);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(input)).toBe(snapshot);
    if (result.ok) expect(result.value.file).not.toBe(input);
    // And through parseWorkflow, with already-parsed JSON.
    expect(parseWorkflow(input, [v0ToV1]).ok).toBe(true);
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('running twice gives the same result (steps depend only on their input)', () => {
    const a = migrateWorkflow(v0File(), 0, 1, [v0ToV1]);
    const b = migrateWorkflow(v0File(), 0, 1, [v0ToV1]);
    expect(a).toEqual(b);
  });
});

describe('the real migration list', () => {
  it('covers every version below the current one, once, with no gaps', () => {
    const froms = WORKFLOW_MIGRATIONS.map((m) => m.from).sort((a, b) => a - b);
    expect(new Set(froms).size).toBe(froms.length);
    expect(froms.every((v) => Number.isInteger(v) && v >= 0 && v < CURRENT_WORKFLOW_VERSION)).toBe(
      true,
    );
    // Contiguous up to the current version: from the oldest supported one on.
    const oldest = froms[0] ?? CURRENT_WORKFLOW_VERSION;
    expect(froms).toEqual(
      Array.from({ length: CURRENT_WORKFLOW_VERSION - oldest }, (_, i) => oldest + i),
    );
  });

  it('every step is described', () => {
    for (const m of WORKFLOW_MIGRATIONS) expect(m.describe.trim()).not.toBe('');
  });

  it('a file written by this version opens with the real list', () => {
    const text = serializeWorkflow(createWorkflow(testGraph().doc()));
    expect(parseWorkflow(text, WORKFLOW_MIGRATIONS).ok).toBe(true);
  });
});
