import { act, cleanup, createEvent, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../shared/testing/testGraph';
import type { CallInput, CallName, CallOutput, HostClient } from '../host/hostTypes';
import { Canvas } from './Canvas';
import { createHarness, fakeHost, renderWith } from './testing/harness';

afterEach(cleanup);

const HASH = 'c'.repeat(64);
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

/** A host that stores uploads under inputs/ and knows which files exist. */
function imageHost(files: Record<string, { width: number; height: number }>) {
  const calls: Array<{ name: CallName; input: unknown }> = [];
  const host: HostClient = {
    ...fakeHost,
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      calls.push({ name, input });
      if (name === 'images.upload') {
        const { name: file } = input as CallInput<'images.upload'>;
        files[`inputs/${file}`] = { width: 6, height: 4 };
        return { source: `inputs/${file}` } as CallOutput<K>;
      }
      if (name === 'images.inspect') {
        const { source } = input as CallInput<'images.inspect'>;
        const found = files[source];
        if (source.startsWith('../') && !files[source]) {
          const message = `/elsewhere/${source.slice(3)} is outside the workflow's folder`;
          return { ok: false, problem: 'outside', message } as CallOutput<K>;
        }
        return (
          found
            ? { ok: true, ...found, mimeType: 'image/png', bytes: 7, hash: HASH }
            : { ok: false, problem: 'missing', message: `file not found: /w/${source}` }
        ) as CallOutput<K>;
      }
      throw new Error(`unexpected call ${name}`);
    },
  };
  return { host, calls };
}

function setup(source: string, files: Record<string, { width: number; height: number }> = {}) {
  const g = testGraph();
  g.loadImage(source, { id: 'l' });
  const harness = createHarness(g.doc());
  const { host, calls } = imageHost(files);
  harness.services = { ...harness.services, host };
  renderWith(harness, <Canvas onlyRenderVisibleElements={false} showMiniMap={false} />);
  const source$ = () => harness.graph.getState().doc.nodes[0]!.params['source'];
  return { harness, calls, source: source$ };
}

const png = (name: string) => new File([PNG_BYTES], name, { type: 'image/png' });

describe('LoadImagePicker', () => {
  it('Browse (web) uploads the chosen file and shows it with its pixel size', async () => {
    const { calls, source } = setup('');
    expect(screen.getByTestId('node-l').textContent).toContain('Drop an image here');
    fireEvent.change(screen.getByTestId('widget-l-source-file'), {
      target: { files: [png('cat.png')] },
    });
    await waitFor(() => expect(source()).toBe('inputs/cat.png'));
    const upload = calls.find((c) => c.name === 'images.upload')!.input;
    expect(upload).toEqual({ name: 'cat.png', base64: btoa(String.fromCharCode(...PNG_BYTES)) });
    await waitFor(() => expect(screen.getByTestId('picker-size-l').textContent).toBe('6×4'));
    expect(
      screen.getByTestId('picker-preview-l').querySelector('img')!.getAttribute('src'),
    ).toMatch(new RegExp(`^nodeloom-image://${HASH}\\?thumb=\\d+$`));
  });

  it('an image pasted onto it is uploaded, and the window is told the paste was taken', async () => {
    const { source } = setup('');
    const picker = screen.getByTestId('picker-l');
    const paste = createEvent.paste(picker, { clipboardData: { files: [png('image.png')] } });
    fireEvent(picker, paste);
    expect(paste.defaultPrevented).toBe(true);
    await waitFor(() => expect(source()).toBe('inputs/image.png'));
  });

  it('an image dropped onto it becomes its source; the window never sees the drop (it would add a node)', async () => {
    const { source, harness } = setup('');
    const windowDrops: Event[] = [];
    const onWindowDrop = (e: Event) => windowDrops.push(e);
    window.addEventListener('drop', onWindowDrop);
    const picker = screen.getByTestId('picker-l');
    const dataTransfer = { types: ['Files'], files: [png('dropped.png')], dropEffect: 'none' };
    fireEvent.dragOver(picker, { dataTransfer });
    expect(picker.className).toContain('is-drop-target');
    const drop = createEvent.drop(picker, { dataTransfer });
    fireEvent(picker, drop);
    window.removeEventListener('drop', onWindowDrop);
    expect(drop.defaultPrevented).toBe(true);
    expect(windowDrops).toEqual([]);
    await waitFor(() => expect(source()).toBe('inputs/dropped.png'));
    expect(harness.graph.getState().doc.nodes).toHaveLength(1);
  });

  it('names a missing file while editing, and clears the message once the path is right', async () => {
    setup('gone.png', { 'here.png': { width: 30, height: 20 } });
    await waitFor(() =>
      expect(screen.getByTestId('widget-l-source-message').textContent).toContain(
        'file not found: /w/gone.png',
      ),
    );
    fireEvent.change(screen.getByTestId('widget-l-source'), { target: { value: 'here.png' } });
    await waitFor(() => expect(screen.getByTestId('picker-size-l').textContent).toBe('30×20'));
    expect(screen.queryByTestId('widget-l-source-message')).toBeNull();
  });

  it('after a run shows its image once, in the picker, not again as run output', async () => {
    const { harness } = setup('here.png', { 'here.png': { width: 30, height: 20 } });
    const image = { hash: HASH, mimeType: 'image/png', width: 30, height: 20, bytes: 7 };
    act(() => harness.run.setState({ nodes: { l: { state: 'done', since: 0, images: [image] } } }));
    await waitFor(() => expect(screen.getByTestId('picker-size-l').textContent).toBe('30×20'));
    expect(screen.queryByTestId('images-l')).toBeNull();
  });

  it('says a file outside the workflow folder is asked about, without calling it an error, and shows it once a run read it', async () => {
    const files: Record<string, { width: number; height: number }> = {};
    const { harness } = setup('../ref.png', files);
    await waitFor(() =>
      expect(screen.getByTestId('picker-outside-l').textContent).toContain('asks before reading'),
    );
    expect(screen.queryByTestId('widget-l-source-message')).toBeNull();
    // The user allowed it and the run read it: the node checks again.
    files['../ref.png'] = { width: 40, height: 30 };
    act(() => harness.run.setState({ nodes: { l: { state: 'done', since: 0 } } }));
    await waitFor(() => expect(screen.getByTestId('picker-size-l').textContent).toBe('40×30'));
  });

  it('shows an embedded image as "Embedded image", never as its data', () => {
    const { calls } = setup('data:image/png;base64,iVBORw0KGgo=');
    const node = screen.getByTestId('node-l');
    expect(screen.getByTestId('widget-l-source-embedded').textContent).toMatch(/^Embedded image/);
    expect(node.textContent).not.toContain('data:');
    expect(screen.queryByTestId('widget-l-source')).toBeNull();
    expect(calls).toEqual([]);
  });
});
