import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { requestOpenImage } from '../canvas/openImage';
import type { OutputImage } from '../../shared/run/events';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { Dialogs } from './Dialogs';
import { downloadName } from './ImageViewer';
import { imageInputChoices } from './imageViewerActions';
import { connectStudio } from './studioSession';
import { fakeHost, renderStudio } from './appTestKit';
import { registry } from './appTestKit';

const image = (n: number, width = 1024, height = 768): OutputImage => ({
  hash: String(n).repeat(64),
  mimeType: 'image/png',
  width,
  height,
  bytes: 300_000,
});

let disconnect: (() => void) | undefined;
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
  cleanup();
});

/** The studio with a prompt -> model graph whose model made three images. */
function openViewer() {
  const g = testGraph();
  const p = g.prompt('a lighthouse at dusk', { id: 'p' });
  const m = g.model(MODELS.runflowProEdit, { seed: 7 }, { id: 'm' });
  g.connect(p, 'text', m, 'prompt');
  const host = fakeHost();
  const harness = renderStudio(<Dialogs />, { host, doc: g.doc() });
  disconnect = connectStudio(harness.studio, host);
  const images = [image(1), image(2, 512, 512), image(3)];
  act(() =>
    harness.studio.run.setState({
      nodes: { m: { state: 'done', since: 0, images, requestId: 'req-42', costUsd: 0.15 } },
    }),
  );
  const thumb = document.body.appendChild(document.createElement('button'));
  act(() =>
    requestOpenImage(thumb, {
      hash: images[0]!.hash,
      image: images[0]!,
      nodeId: 'm',
      index: 0,
      images,
    }),
  );
  thumb.remove();
  return { ...harness, images };
}

const stage = () => screen.getByTestId('image-viewer-stage');
const zoom = () => Number(stage().getAttribute('data-zoom'));
const key = (k: string) => fireEvent.keyDown(stage(), { key: k });

describe('image viewer', () => {
  it('opens from a canvas thumbnail with the node title, its provenance and parameters', () => {
    const { host, images } = openViewer();
    const viewer = screen.getByTestId('image-viewer');
    expect(viewer.textContent).toContain('Nano Banana Pro Edit (Runflow) · 1 of 3');
    expect(stage().querySelector('img')?.getAttribute('src')).toBe(host.imageUrl(images[0]!.hash));
    const info = screen.getByTestId('image-viewer-info');
    expect(info.textContent).toContain('1024 × 768');
    expect(info.textContent).toContain('runflow');
    expect(info.textContent).toContain('req-42');
    expect(info.textContent).toContain('$0.15');
    expect(within(screen.getByTestId('image-viewer-params')).getByText('seed')).toBeTruthy();
    const link = screen.getByTestId('image-viewer-download');
    expect(link.getAttribute('href')).toBe(host.imageUrl(images[0]!.hash));
    expect(link.getAttribute('download')).toBe('Nano Banana Pro Edit (Runflow)-11111111.png');
  });

  it('zooms with + and -, shows 1:1 and fit, and the wheel zooms too', () => {
    openViewer();
    // jsdom lays nothing out: the stage has no size, so Fit is 1:1.
    expect(zoom()).toBe(1);
    key('+');
    expect(zoom()).toBe(1.25);
    expect(screen.getByTestId('image-viewer-zoom').textContent).toBe('125%');
    key('-');
    key('-');
    expect(zoom()).toBe(0.8);
    key('1');
    expect(zoom()).toBe(1);
    key('+');
    key('0');
    expect(zoom()).toBe(1);
    expect(screen.getByTestId('image-viewer-fit').getAttribute('aria-pressed')).toBe('true');
    fireEvent.wheel(stage(), { deltaY: -100 });
    expect(zoom()).toBe(1.25);
  });

  it('walks the images with the arrow keys, round the ends, and Escape closes', () => {
    const { host, images } = openViewer();
    key('ArrowRight');
    expect(screen.getByTestId('image-viewer').textContent).toContain('2 of 3');
    expect(stage().querySelector('img')?.getAttribute('src')).toBe(host.imageUrl(images[1]!.hash));
    expect(screen.getByTestId('image-viewer-size').textContent).toBe('512 × 512');
    key('ArrowLeft');
    key('ArrowLeft');
    expect(screen.getByTestId('image-viewer').textContent).toContain('3 of 3');
    key('Escape');
    expect(screen.queryByTestId('image-viewer')).toBeNull();
  });

  it('compares with another image of the run, and Escape leaves the comparison first', () => {
    openViewer();
    fireEvent.change(screen.getByTestId('image-viewer-compare-with'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('image-viewer-compare'));
    const compare = screen.getByTestId('compare-view');
    expect(compare.textContent).toContain('1. Nano Banana Pro Edit (Runflow) · 1024×768');
    expect(compare.textContent).toContain('3. Nano Banana Pro Edit (Runflow) · 1024×768');
    key('Escape');
    expect(screen.queryByTestId('compare-view')).toBeNull();
    expect(screen.getByTestId('image-viewer')).toBeTruthy();
  });

  it('names downloads after the node and the type', () => {
    expect(downloadName({ ...image(10), mimeType: 'image/jpeg' })).toBe('10101010.jpg');
  });

  it('offers every image input of the graph as a place to wire a Load Image', () => {
    const g = testGraph();
    g.prompt('x', { id: 'p' });
    g.model(MODELS.runflowProEdit, {}, { id: 'e' });
    g.preview({}, { id: 'v' });
    expect(imageInputChoices(g.doc(), registry)).toEqual([
      { nodeId: 'e', port: 'image_urls', label: 'Nano Banana Pro Edit (Runflow) · Images' },
      { nodeId: 'v', port: 'images', label: 'Preview / Save · Images' },
    ]);
  });
});
