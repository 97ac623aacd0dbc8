import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PNG_WORKFLOW_KEY, writePngText } from '../../shared/png/pngText';
import { MAX_WORKFLOW_BYTES } from '../../shared/workflow/workflowText';
import { readDroppedFile } from './fileDrop';

const png = async (): Promise<Uint8Array<ArrayBuffer>> =>
  writePngText(
    await sharp({ create: { width: 2, height: 2, channels: 3, background: '#123456' } })
      .png()
      .toBuffer(),
    { [PNG_WORKFLOW_KEY]: '{"format":"nodeloom.workflow"}' },
  ) as Uint8Array<ArrayBuffer>;

describe('readDroppedFile', () => {
  it('opens the workflow a PNG carries', async () => {
    const file = new File([await png()], 'out.png', { type: 'image/png' });
    expect(await readDroppedFile(file)).toEqual({
      kind: 'workflow',
      name: 'out.png',
      text: '{"format":"nodeloom.workflow"}',
    });
  });

  it('adds a PNG whose workflow chunk is damaged as an image, saying why', async () => {
    const bytes = await png();
    // The workflow's last byte sits just before the iTXt CRC, the IEND chunk after it.
    const at = bytes.length - 12 - 4 - 2;
    bytes[at] = bytes[at]! ^ 0x01;
    const dropped = await readDroppedFile(new File([bytes], 'out.png', { type: 'image/png' }));
    expect(dropped).toMatchObject({
      kind: 'image',
      name: 'out.png',
      dataUri: expect.stringMatching(/^data:image\/png;base64,/),
      note: expect.stringMatching(/^added as an image: the iTXt text chunk .* is damaged/),
    });
  });

  it('refuses a workflow file over the size limit without reading it', async () => {
    const huge = {
      name: 'huge.nodeloom',
      size: MAX_WORKFLOW_BYTES + 1,
      type: '',
      text: () => Promise.reject(new Error('must not be read')),
    } as unknown as File;
    expect(await readDroppedFile(huge)).toEqual({
      kind: 'unsupported',
      name: 'huge.nodeloom',
      reason: 'the workflow is too large (64.0 MiB; the limit is 64.0 MiB)',
    });
  });
});
