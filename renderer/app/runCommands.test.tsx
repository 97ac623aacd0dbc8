import { cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { pinnedFedByEmptyPrompt } from '../../shared/testing/preflightCases';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
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

describe('runs and components', () => {
  /** prompt -> [component: text-to-image -> edit] -> preview, the component open. */
  function openedComponent() {
    const g = testGraph();
    const p = g.prompt('a paper lantern', { id: 'p' });
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    const edit = g.model(MODELS.proEdit, { prompt: 'floating' }, { id: 'edit' });
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'image', edit, 'image_urls');
    g.connect(edit, 'images', g.preview({}, { id: 'out' }), 'images');
    const host = fakeHost();
    const { studio } = renderStudio(null, { host, doc: g.doc() });
    const graph = studio.graph.getState();
    graph.setSelection([nodeId('t2i'), nodeId('edit')], []);
    const instance = graph.makeComponent('Lantern')!;
    studio.graph.getState().openComponent(instance);
    return { host, studio, instance };
  }

  it('inside a component, Run sends the whole file and Run to selected names the inner node by its run id', async () => {
    const { host, studio, instance } = openedComponent();
    const file = studio.graph.getState().file!;
    studio.graph.getState().setSelection([nodeId('edit')], []);
    expect(await studio.controller.runs.runSelected()).toBe(true);
    expect(host.callsOf('run.start')).toEqual([{ graph: file, targets: [`${instance}/edit`] }]);
  });

  it('a problem inside a component is listed on the instance, naming the inner node', async () => {
    const { host, studio, instance } = openedComponent();
    studio.graph.getState().dispatch({
      type: 'setParam',
      nodeId: nodeId('edit'),
      key: 'prompt',
      value: '',
    });
    studio.graph.getState().exitComponent();
    expect(await studio.controller.runs.run()).toBe(false);
    expect(studio.ui.getState().issues?.items).toEqual([
      expect.objectContaining({
        nodeId: instance,
        message: expect.stringMatching(/^Lantern › Nano Banana Pro Edit \(RunComfy\): /),
      }),
    ]);
    expect(host.callsOf('run.start')).toEqual([]);
  });
});
