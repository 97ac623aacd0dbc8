import { cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pinnedFedByEmptyPrompt } from '../../shared/testing/preflightCases';
import { fakeHost, registry, renderStudio } from './appTestKit';
import { runProblems } from './runCommands';

afterEach(cleanup);

describe('the Run button uses the one pre-run check', () => {
  it('accepts a pinned node fed by an empty prompt and sends the run, as the host and the CLI do', async () => {
    const { doc } = pinnedFedByEmptyPrompt();
    expect(runProblems(doc, registry)).toEqual([]);
    const host = fakeHost();
    const { studio } = renderStudio(null, { host, doc });
    expect(await studio.controller.runs.run()).toBe(true);
    expect(host.callsOf('run.start')).toEqual([{ graph: doc }]);
    expect(studio.ui.getState().issues).toBeNull();
  });

  it('refuses the same graph unpinned, naming the empty prompt, and sends nothing', async () => {
    const { doc, prompt, t2i } = pinnedFedByEmptyPrompt();
    delete doc.nodes.find((n) => n.id === t2i)!.pinned;
    const host = fakeHost();
    const { studio } = renderStudio(null, { host, doc });
    expect(await studio.controller.runs.run()).toBe(false);
    expect(studio.ui.getState().issues?.items).toEqual([
      expect.objectContaining({ nodeId: prompt, field: 'text', severity: 'error' }),
    ]);
    expect(host.callsOf('run.start')).toEqual([]);
  });
});
