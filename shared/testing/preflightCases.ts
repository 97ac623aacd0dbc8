import type { GraphDocument } from '../graph/document';
import type { OutputImage } from '../run/events';
import { MODELS, testGraph } from './testGraph';

/** An image a pinned node keeps (a placeholder hash: nothing reads its bytes before a run). */
export const PINNED_IMAGE: OutputImage = {
  hash: 'a'.repeat(64),
  mimeType: 'image/png',
  width: 8,
  height: 8,
  bytes: 10,
};

/**
 * The case the four pre-run checks once disagreed on: a pinned text-to-image fed by
 * an empty Prompt, whose image a Runflow edit uses. The pin makes the prompt moot:
 * the run is valid and sends the edit only.
 */
export function pinnedFedByEmptyPrompt(image: OutputImage = PINNED_IMAGE): {
  doc: GraphDocument;
  prompt: string;
  t2i: string;
  edit: string;
} {
  const g = testGraph();
  const prompt = g.prompt('', { id: 'empty-prompt' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  const edit = g.model(MODELS.runflowProEdit, { prompt: 'make it blue' }, { id: 'edit' });
  g.connect(prompt, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  const doc = g.doc();
  doc.nodes.find((n) => n.id === t2i)!.pinned = { images: [image], requestId: 'req-0' };
  return { doc, prompt, t2i, edit };
}
