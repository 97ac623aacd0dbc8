import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestOpenImage } from '../canvas/openImage';
import type { OutputImage } from '../../shared/run/events';
import { Dialogs } from './Dialogs';
import { ImageViewer, downloadName } from './ImageViewer';
import { connectStudio } from './studioSession';
import { fakeHost, renderStudio } from './appTestKit';

const image: OutputImage = {
  hash: 'ab'.repeat(32),
  mimeType: 'image/png',
  width: 1024,
  height: 768,
  bytes: 300_000,
};

let disconnect: (() => void) | undefined;
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
  cleanup();
});

describe('image viewer', () => {
  it('shows the image with a download link to its URL; Escape closes it', () => {
    const onClose = vi.fn();
    render(
      <ImageViewer
        image={image}
        url="http://h/api/blob/x"
        nodeName="Harbour: dusk"
        onClose={onClose}
      />,
    );
    const viewer = screen.getByTestId('image-viewer');
    expect(viewer.querySelector('img')?.getAttribute('src')).toBe('http://h/api/blob/x');
    const link = screen.getByTestId('image-viewer-download');
    expect(link.getAttribute('href')).toBe('http://h/api/blob/x');
    expect(link.getAttribute('download')).toBe(`Harbour- dusk-abababab.png`);
    expect(viewer.textContent).toContain('Image from Harbour: dusk');
    fireEvent.keyDown(link, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('names downloads after the node and the type', () => {
    expect(downloadName({ ...image, mimeType: 'image/jpeg' })).toBe('abababab.jpg');
  });

  it('opens when a canvas thumbnail asks for it', () => {
    const host = fakeHost();
    const { studio } = renderStudio(<Dialogs />, { host });
    disconnect = connectStudio(studio, host);
    const thumb = document.body.appendChild(document.createElement('button'));
    act(() =>
      requestOpenImage(thumb, { hash: image.hash, image, nodeId: 'n2', index: 0, images: [image] }),
    );
    const link = screen.getByTestId('image-viewer-download');
    expect(link.getAttribute('href')).toBe(host.imageUrl(image.hash));
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(screen.queryByTestId('image-viewer')).toBeNull();
    thumb.remove();
  });
});
