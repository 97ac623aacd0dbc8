import { describe, expect, it, vi } from 'vitest';
import { createWorkflow, parseWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { testGraph } from '../../shared/testing/testGraph';
import { appInfo, fakeHost, registry, settingsView } from './appTestKit';
import type { Handlers } from './appTestKit';
import { fileSources, isFileSource } from './imageSources';
import { createStudio } from './studioSession';
import { createSettingsStore } from './settingsStore';

/** A studio over a fake host, holding a workflow with three Load Image nodes. */
function studioWith(handlers: Handlers, filePath: string | null = '/work/flows/a.nodeloom') {
  const host = fakeHost(handlers);
  const studio = createStudio({
    host,
    registry,
    info: appInfo(),
    settings: createSettingsStore(settingsView()),
    catalogErrors: [],
    offerReopen: false,
  });
  const g = testGraph();
  g.loadImage('img/cat.png');
  g.loadImage('../../elsewhere/dog.png');
  g.loadImage('https://example.com/x.png');
  studio.graph.getState().load(g.doc(), filePath);
  return { host, studio };
}

const confirmDialog = (studio: ReturnType<typeof studioWith>['studio']) => {
  const d = studio.ui.getState().dialogs.at(-1);
  if (d?.kind !== 'confirm') throw new Error('no question asked');
  return d;
};

describe('image sources of a workflow', () => {
  it('counts only files as file sources (not URLs or embedded images)', () => {
    expect(['a.png', ' ../b.jpg ', '/abs/c.webp'].every(isFileSource)).toBe(true);
    expect(
      [
        '',
        '  ',
        'https://x/y.png',
        'HTTPS://x/y.png',
        'data:image/png;base64,AA',
        'DATA:image/png;base64,AA',
      ].some(isFileSource),
    ).toBe(false);
    const { studio } = studioWith({});
    expect(fileSources(studio.graph.getState().doc).map((s) => s.source)).toEqual([
      'img/cat.png',
      '../../elsewhere/dog.png',
    ]);
  });

  it('asks before a run reads images outside the workflow folder; yes allows them and runs', async () => {
    const { host, studio } = studioWith({
      'images.outside': () => ({
        outside: [{ source: '../../elsewhere/dog.png', path: '/elsewhere/dog.png' }],
      }),
      'images.allow': ({ sources }) => ({ allowed: sources }),
    });
    const started = studio.controller.runs.run();
    const question = await vi.waitFor(() => confirmDialog(studio));
    expect(question.message).toContain('/elsewhere/dog.png');
    expect(host.callsOf('run.start')).toHaveLength(0);
    question.resolve(true);
    await expect(started).resolves.toBe(true);
    expect(host.callsOf('images.allow')).toEqual([
      { workflowPath: '/work/flows/a.nodeloom', sources: ['../../elsewhere/dog.png'] },
    ]);
    expect(host.callsOf('run.start')).toHaveLength(1);
  });

  it('asks about the images a component reads too, with the component closed', async () => {
    const { host, studio } = studioWith({
      'images.outside': ({ sources }) => ({
        outside: sources
          .filter((source) => source.startsWith('../'))
          .map((source) => ({ source, path: `/elsewhere/${source.split('/').at(-1)}` })),
      }),
      'images.allow': ({ sources }) => ({ allowed: sources }),
    });
    const g = testGraph();
    const inside = g.loadImage('../../elsewhere/in-component.png');
    g.connect(inside, 'image', g.preview(), 'images');
    studio.graph.getState().load(g.doc(), '/work/flows/a.nodeloom');
    const graph = studio.graph.getState();
    graph.setSelection(
      graph.doc.nodes.map((x) => x.id),
      [],
    );
    const instance = studio.graph.getState().makeComponent('Reads a file')!;
    // The canvas shows the instance alone: its Load Image lives in the file's components.
    expect(studio.graph.getState().doc.nodes.map((x) => x.id)).toEqual([instance]);

    const started = studio.controller.runs.run();
    const question = await vi.waitFor(() => confirmDialog(studio));
    expect(question.message).toContain('/elsewhere/in-component.png');
    question.resolve(true);
    await expect(started).resolves.toBe(true);
    expect(host.callsOf('images.allow').at(-1)?.sources).toEqual([
      '../../elsewhere/in-component.png',
    ]);
  });

  it('declining reads nothing and sends nothing, and says why', async () => {
    const { host, studio } = studioWith({
      'images.outside': () => ({ outside: [{ source: '/etc/x.png', path: '/etc/x.png' }] }),
    });
    const started = studio.controller.runs.run();
    (await vi.waitFor(() => confirmDialog(studio))).resolve(false);
    await expect(started).resolves.toBe(false);
    expect(host.callsOf('images.allow')).toHaveLength(0);
    expect(host.callsOf('run.start')).toHaveLength(0);
    expect(studio.ui.getState().notices.at(-1)?.text).toMatch(/outside the workflow’s folder/);
  });

  it('asks when a workflow whose images lie outside its folder is opened', async () => {
    const g = testGraph();
    g.loadImage('../secret/scan.png');
    const text = serializeWorkflow(createWorkflow(g.doc(), {}));
    const { host, studio } = studioWith({
      'workflow.read': ({ path }) => ({ path, text }),
      'images.outside': ({ sources }) => ({
        outside: sources.map((source) => ({ source, path: '/secret/scan.png' })),
      }),
    });
    studio.graph.getState().markSaved('/work/flows/a.nodeloom');
    await studio.controller.files.open('/work/other/b.nodeloom');
    expect((await vi.waitFor(() => confirmDialog(studio))).message).toContain('/secret/scan.png');
    expect(host.callsOf('images.outside').at(-1)).toEqual({
      workflowPath: '/work/other/b.nodeloom',
      sources: ['../secret/scan.png'],
    });
  });

  it('embeds the file images in one undo step and lists those it could not read', async () => {
    const { host, studio } = studioWith({
      'images.embed': ({ sources }) => ({
        images: sources.map((source) =>
          source === 'img/cat.png'
            ? { ok: true as const, source, dataUri: 'data:image/png;base64,Q0FU' }
            : { ok: false as const, source, error: '/elsewhere/dog.png: file not found' },
        ),
      }),
    });
    const before = studio.graph.getState().doc;
    await studio.controller.commands['file.embedImages']!();
    const sources = studio.graph.getState().doc.nodes.map((n) => n.params['source']);
    expect(sources).toEqual([
      'data:image/png;base64,Q0FU',
      '../../elsewhere/dog.png',
      'https://example.com/x.png',
    ]);
    expect(host.callsOf('images.embed')[0]?.sources).toEqual([
      'img/cat.png',
      '../../elsewhere/dog.png',
    ]);
    const notice = studio.ui.getState().notices.at(-1);
    expect(notice?.kind).toBe('warning');
    expect(notice?.details).toEqual(['/elsewhere/dog.png: file not found']);
    studio.graph.getState().undo();
    expect(studio.graph.getState().doc).toBe(before);
  });

  it('Save As into another folder rewrites relative image paths so they name the same files', async () => {
    const { host, studio } = studioWith({
      'images.rebase': ({ sources }) => ({
        sources: sources.map((s) => (s.startsWith('../') ? s : `../flows/${s}`)),
      }),
    });
    studio.ui.getState().pickFile = async () => '/work/copies/a.nodeloom';
    await expect(studio.controller.files.saveAs()).resolves.toBe(true);
    expect(host.callsOf('images.rebase')).toEqual([
      {
        from: '/work/flows/a.nodeloom',
        to: '/work/copies/a.nodeloom',
        sources: ['img/cat.png', '../../elsewhere/dog.png'],
      },
    ]);
    const written = parseWorkflow(host.callsOf('workflow.write')[0]!.text);
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value.graph.nodes.map((n) => n.params['source'])).toEqual([
      '../flows/img/cat.png',
      '../../elsewhere/dog.png',
      'https://example.com/x.png',
    ]);
    // The file holds exactly what the editor holds: nothing is left unsaved.
    expect(studio.graph.getState().filePath).toBe('/work/copies/a.nodeloom');
    expect(studio.graph.getState().revision).toBe(studio.graph.getState().savedRevision);
  });

  it('Save As rewrites the image paths inside components too, and embedding reaches them', async () => {
    const { host, studio } = studioWith({
      'images.rebase': ({ sources }) => ({ sources: sources.map((s) => `../flows/${s}`) }),
      'images.embed': ({ sources }) => ({
        images: sources.map((source) => ({
          ok: true as const,
          source,
          dataUri: 'data:image/png;base64,AA==',
        })),
      }),
    });
    const g = testGraph();
    const inside = g.loadImage('img/inside.png');
    g.connect(inside, 'image', g.preview(), 'images');
    g.loadImage('img/outside.png');
    studio.graph.getState().load(g.doc(), '/work/flows/a.nodeloom');
    studio.graph.getState().setSelection([inside, studio.graph.getState().doc.nodes[1]!.id], []);
    studio.graph.getState().makeComponent('Reads a file');
    const sourcesInFile = () => {
      const doc = studio.graph.getState().doc;
      const def = Object.values(doc.components!)[0]!;
      return [...doc.nodes, ...def.nodes]
        .map((n) => n.params['source'])
        .filter((x) => typeof x === 'string');
    };
    expect(sourcesInFile()).toEqual(['img/outside.png', 'img/inside.png']);

    studio.ui.getState().pickFile = async () => '/work/copies/a.nodeloom';
    await expect(studio.controller.files.saveAs()).resolves.toBe(true);
    expect(host.callsOf('images.rebase')[0]!.sources).toEqual([
      'img/outside.png',
      'img/inside.png',
    ]);
    expect(sourcesInFile()).toEqual(['../flows/img/outside.png', '../flows/img/inside.png']);
    const written = parseWorkflow(host.callsOf('workflow.write')[0]!.text);
    if (!written.ok) throw new Error(written.error.message);
    const def = Object.values(written.value.graph.components!)[0]!;
    expect(def.nodes.map((n) => n.params['source'])).toContain('../flows/img/inside.png');
    // One undo step brings both back.
    studio.graph.getState().undo();
    expect(sourcesInFile()).toEqual(['img/outside.png', 'img/inside.png']);

    const { embedImages } = await import('./imageSources');
    await expect(embedImages({ host, graph: studio.graph, ui: studio.ui })).resolves.toBe(2);
    expect(sourcesInFile()).toEqual(['data:image/png;base64,AA==', 'data:image/png;base64,AA==']);
  });
});
