import type { OutputImage } from '../../shared/run/events';
import { Modal } from './Modal';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** A download name that says where the image came from: `Harbour at dusk-1a2b3c4d.png`. */
export function downloadName(image: OutputImage, nodeName?: string): string {
  const ext = EXTENSIONS[image.mimeType] ?? 'bin';
  const from = nodeName?.replace(/[\\/:*?"<>|]+/g, '-');
  return `${from ? `${from}-` : ''}${image.hash.slice(0, 8)}.${ext}`;
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

interface ImageViewerProps {
  image: OutputImage;
  /** Where the image is served (HostClient.imageUrl). */
  url: string;
  /** The name of the node it came from (its title, or its type's label). */
  nodeName?: string;
  onClose(): void;
}

/** One output image at full size, with a link that downloads it. Escape closes. */
export function ImageViewer({ image, url, nodeName, onClose }: ImageViewerProps) {
  const name = downloadName(image, nodeName);
  return (
    <Modal
      title={nodeName ? `Image from ${nodeName}` : 'Image'}
      testId="image-viewer"
      className="image-viewer"
      onClose={onClose}
      initialFocus="[data-testid=image-viewer-download]"
      footer={
        <>
          <span className="image-meta">
            {image.width} × {image.height} · {image.mimeType.replace('image/', '').toUpperCase()} ·{' '}
            {formatBytes(image.bytes)}
          </span>
          <a
            className="button primary"
            href={url}
            download={name}
            data-testid="image-viewer-download"
          >
            Download
          </a>
        </>
      }
    >
      <div className="image-frame">
        <img
          src={url}
          alt={`${image.width} × ${image.height} output${nodeName ? ` of ${nodeName}` : ''}`}
        />
      </div>
    </Modal>
  );
}
