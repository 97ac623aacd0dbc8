import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import type { UserPrices } from '../../shared/cost/estimate';
import { UserPricesContext } from '../host/userPrices';
import { Canvas } from './Canvas';
import { OPEN_IMAGE_EVENT } from './openImage';
import type { OpenImageDetail } from './openImage';
import { RESEND_NODE_EVENT } from './resendNode';
import type { ResendNodeEvent } from './resendNode';
import { createHarness, renderWith } from './testing/harness';

afterEach(cleanup);

const HASH = 'a'.repeat(64);

function setup(build: (g: ReturnType<typeof testGraph>) => void, userPrices: UserPrices = {}) {
  const g = testGraph();
  build(g);
  const harness = createHarness(g.doc());
  renderWith(
    harness,
    <UserPricesContext.Provider value={userPrices}>
      <Canvas onlyRenderVisibleElements={false} showMiniMap={false} />
    </UserPricesContext.Provider>,
  );
  return harness;
}

describe('NodeView', () => {
  it('renders title, cost badge, typed handles and widgets with stable test ids', () => {
    setup((g) => {
      g.model(MODELS.runflowProEdit, {}, { id: 'rf' });
      g.model(MODELS.nb2Edit, {}, { id: 'rc' });
    });
    const rf = screen.getByTestId('node-rf');
    // The provider is on the line below; zoomed out, where that line hides, the name carries it.
    expect(within(rf).getByText('Nano Banana Pro Edit')).toBeTruthy();
    expect(within(rf).getByTestId('title-rf').textContent).toBe('Nano Banana Pro Edit (Runflow)');
    expect(within(rf).getByTestId('cost').textContent).toBe('$0.15');
    expect(within(screen.getByTestId('node-rc')).getByTestId('cost').textContent).toBe(
      'price unknown',
    );
    const list = screen.getByTestId('handle-rf-image_urls');
    expect(list.className).toContain('nl-port--image-list');
    expect(list.className).toContain('nl-handle--list');
    expect(list.textContent).toBe('0');
    expect(screen.getByTestId('handle-rf-prompt').className).toContain('nl-port--text');
    expect(screen.getByTestId('handle-rf-image').className).toContain('nl-port--image');
    expect(screen.getByTestId('handle-rf-images').className).toContain('source');
    expect(screen.getByTestId('widget-rf-prompt').tagName).toBe('TEXTAREA');
    expect(screen.getByTestId('widget-rc-num_images')).toBeTruthy();
  });

  it("shows the user's own price on the badge, marked as theirs, and the published one elsewhere", () => {
    setup(
      (g) => {
        g.model(MODELS.nb2Edit, { num_images: 2 }, { id: 'rc' });
        g.model(MODELS.proEdit, {}, { id: 'pro' });
        g.model(MODELS.runflowProEdit, {}, { id: 'rf' });
      },
      { 'model:runcomfy/google/nano-banana-2/edit': 0.06 },
    );
    const badge = within(screen.getByTestId('node-rc')).getByTestId('cost');
    expect(badge.textContent).toBe('$0.12 (your price)');
    expect(badge.className).toContain('nl-cost--user');
    expect(badge.getAttribute('title')).toMatch(/price you entered in Settings/);
    expect(within(screen.getByTestId('node-pro')).getByTestId('cost').textContent).toBe(
      'price unknown',
    );
    expect(within(screen.getByTestId('node-rf')).getByTestId('cost').textContent).toBe('$0.15');
  });

  it('edits a param through the store (numbers as numbers)', () => {
    const h = setup((g) => void g.model(MODELS.runflowProEdit, {}, { id: 'rf' }));
    fireEvent.change(screen.getByTestId('widget-rf-num_images'), { target: { value: '2' } });
    expect(h.graph.getState().doc.nodes[0]!.params).toEqual({ num_images: 2 });
    // The estimate follows the params: two images at $0.15.
    expect(within(screen.getByTestId('node-rf')).getByTestId('cost').textContent).toBe('$0.30');
  });

  it('shows validation issues on the node and at the widget', () => {
    setup((g) => void g.model(MODELS.nb2Edit, { num_images: 7 }, { id: 'rc' }));
    const node = screen.getByTestId('node-rc');
    expect(node.className).toContain('has-errors');
    expect(screen.getByTestId('widget-rc-num_images-message').textContent).toContain(
      '7 is above the maximum 4',
    );
    // The empty image list is a port issue, listed on the node.
    expect(screen.getByTestId('issues-rc').textContent).toContain('Images needs at least one');
  });

  it('shows a connected prompt as "← from Prompt" and counts list connections', () => {
    setup((g) => {
      const p = g.prompt('a fox', { id: 'p' });
      const a = g.loadImage('a.png', { id: 'a' });
      const b = g.loadImage('b.png', { id: 'b' });
      const m = g.model(MODELS.runflowProEdit, {}, { id: 'm' });
      g.connect(p, 'text', m, 'prompt');
      g.connect(a, 'image', m, 'image_urls');
      g.connect(b, 'image', m, 'image_urls');
    });
    expect(screen.getByTestId('widget-m-prompt-linked').textContent).toBe('← from Prompt');
    expect(screen.queryByTestId('widget-m-prompt')).toBeNull();
    expect(screen.getByTestId('handle-m-image_urls').textContent).toBe('2');
    expect(screen.getByTestId('node-m').className).not.toContain('has-errors');
  });

  it('shows each run state in the status strip', () => {
    const h = setup((g) => void g.model(MODELS.runflowProEdit, {}, { id: 'm' }));
    expect(screen.queryByTestId('status-m')).toBeNull();
    const show = (view: object) =>
      act(() => h.run.setState({ nodes: { m: { since: Date.now(), ...view } as never } }));
    show({ state: 'in_queue', queuePosition: 3 });
    expect(screen.getByTestId('status-m').textContent).toContain('In queue');
    expect(screen.getByTestId('status-m').textContent).toContain('position 3');
    show({ state: 'running', since: Date.now() - 5_000, elapsedMs: 7_000 });
    expect(screen.getByTestId('status-m').getAttribute('data-state')).toBe('running');
    expect(screen.getByTestId('status-m').textContent).toContain('12 s');
    show({ state: 'failed', message: 'provider said: content blocked' });
    expect(screen.getByTestId('status-m').textContent).toContain('provider said: content blocked');
    for (const state of ['queued', 'downloading', 'cached', 'skipped', 'cancelled'] as const) {
      show({ state });
      expect(screen.getByTestId('status-m').getAttribute('data-state')).toBe(state);
    }
  });

  it('a held node says when it was sent and to check the dashboard, and its Resend button asks for a resend of that node', () => {
    const h = setup((g) => void g.model(MODELS.proTextToImage, {}, { id: 'm' }));
    const sentAt = new Date(2026, 11, 6, 14, 5, 9).getTime();
    act(() =>
      h.run.setState({
        nodes: { m: { state: 'held', since: Date.now(), sentAt, message: 'held: …' } },
      }),
    );
    const strip = screen.getByTestId('status-m');
    expect(strip.getAttribute('data-state')).toBe('held');
    expect(strip.textContent).toContain('Held');
    const notice = screen.getByTestId('held-m').textContent!;
    expect(notice).toContain(`Sent ${new Date(sentAt).toLocaleTimeString()}`);
    expect(notice).toMatch(/check the provider’s dashboard/);

    const asked: string[] = [];
    const listener = (e: ResendNodeEvent) => asked.push(e.detail.nodeId);
    window.addEventListener(RESEND_NODE_EVENT, listener);
    try {
      fireEvent.click(screen.getByTestId('resend-m'));
    } finally {
      window.removeEventListener(RESEND_NODE_EVENT, listener);
    }
    expect(asked).toEqual(['m']);
  });

  it('offers Resend only on held nodes', () => {
    const h = setup((g) => void g.model(MODELS.proTextToImage, {}, { id: 'm' }));
    for (const state of ['failed', 'cancelled', 'done'] as const) {
      act(() => h.run.setState({ nodes: { m: { state, since: Date.now() } } }));
      expect(screen.queryByTestId('resend-m')).toBeNull();
    }
  });

  it('counts elapsed time live while running', () => {
    vi.useFakeTimers();
    try {
      const h = setup((g) => void g.model(MODELS.runflowProEdit, {}, { id: 'm' }));
      act(() => h.run.setState({ nodes: { m: { state: 'running', since: Date.now() } } }));
      expect(screen.getByTestId('status-m').textContent).toContain('0 s');
      act(() => void vi.advanceTimersByTime(3_000));
      expect(screen.getByTestId('status-m').textContent).toContain('3 s');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a model output at the node width, uncropped, from the host thumbnail that covers it, and a click asks the app to open it', () => {
    const h = setup((g) => void g.model(MODELS.runflowProEdit, {}, { id: 'm' }));
    const image = { hash: HASH, mimeType: 'image/png', width: 1024, height: 768, bytes: 10 };
    act(() =>
      h.run.setState({ nodes: { m: { state: 'done', since: 0, images: [image], costUsd: 0.15 } } }),
    );
    const cell = screen.getByTestId('thumb-m-0');
    const img = cell.querySelector('img')!;
    // Drawn 260 px wide (a 280 px node): the 512 px thumbnail, never the full image.
    expect(img.getAttribute('src')).toBe(`nodeloom-image://${HASH}?thumb=512`);
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('decoding')).toBe('async');
    // The cell has the image's shape: nothing is cropped to a square.
    expect(cell.style.aspectRatio).toBe('1024 / 768');
    expect(screen.queryByTestId('images-count-m')).toBeNull();
    const opened: OpenImageDetail[] = [];
    const listener = (e: CustomEvent<OpenImageDetail>) => opened.push(e.detail);
    window.addEventListener(OPEN_IMAGE_EVENT, listener);
    fireEvent.click(cell);
    window.removeEventListener(OPEN_IMAGE_EVENT, listener);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ hash: HASH, nodeId: 'm', index: 0 });
    expect(screen.getByTestId('status-m').textContent).toContain('$0.15');
  });

  it('shows many Preview images as a grid with their count, the rest counted as +N', () => {
    const h = setup((g) => void g.preview({}, { id: 'p' }));
    const images = Array.from({ length: 14 }, (_, i) => ({
      hash: i.toString(16).padStart(64, '0'),
      mimeType: 'image/png',
      width: 768,
      height: 1024,
      bytes: 10,
    }));
    act(() => h.run.setState({ nodes: { p: { state: 'done', since: 0, images } } }));
    expect(screen.getByTestId('node-p').className).toContain('nl-node--preview');
    expect(screen.getByTestId('images-count-p').textContent).toBe('14 images · 12 shown');
    const grid = screen.getByTestId('images-p').querySelector<HTMLElement>('.nl-images__grid')!;
    expect(grid.style.gridTemplateColumns).toBe('repeat(3, minmax(0, 1fr))');
    expect(grid.querySelectorAll('img')).toHaveLength(12);
    expect(screen.getByTestId('thumb-p-11').textContent).toBe('+2');
  });

  it('draws a Preview at the size saved in the document, asking for thumbnails of that size', () => {
    const h = setup((g) => void g.preview({}, { id: 'p' }));
    act(() =>
      h.graph.getState().dispatch({
        type: 'resizeNode',
        nodeId: 'p' as never,
        size: { width: 900, height: 700 },
      }),
    );
    const image = { hash: HASH, mimeType: 'image/png', width: 4096, height: 2304, bytes: 10 };
    act(() => h.run.setState({ nodes: { p: { state: 'done', since: 0, images: [image] } } }));
    const node = screen.getByTestId('node-p');
    expect(node.style.width).toBe('900px');
    expect(node.style.height).toBe('700px');
    expect(screen.getByTestId('thumb-p-0').querySelector('img')!.getAttribute('src')).toBe(
      `nodeloom-image://${HASH}?thumb=1024`,
    );
    act(() => h.graph.getState().undo());
    expect(screen.getByTestId('node-p').style.width).toBe('');
  });

  it('marks a node of an unknown type', () => {
    setup((g) => void g.node('model:gone/away', {}, { id: 'x' }));
    expect(screen.getByTestId('node-x').className).toContain('has-errors');
    expect(screen.getByTestId('node-x').textContent).toContain('model:gone/away');
  });
});
