import { describe, expect, it } from 'vitest';
import { seedRegistry } from '../widgets/testing/seedCatalog';
import { compatiblePort, libraryOrder, providerName } from './compat';
import { handleClasses } from './ports';
import { placeNode, NODE_WIDTH } from './placement';

const registry = seedRegistry();
const spec = (type: string) => registry.get(type)!;
const EDIT = 'model:runflow/google/nano-banana-pro/edit';

describe('compatible ports for a dropped wire', () => {
  it('an image output finds the image list input of an edit model and of Preview', () => {
    const wire = {
      nodeId: 'a',
      handleId: 'image',
      handleType: 'source',
      portType: 'image',
    } as const;
    expect(compatiblePort(spec(EDIT), wire)?.id).toBe('image_urls');
    expect(compatiblePort(spec('preview'), wire)?.id).toBe('images');
    expect(compatiblePort(spec('prompt'), wire)).toBeUndefined();
  });

  it('a text output finds the prompt input; an image list never feeds a single image', () => {
    const text = { nodeId: 'p', handleId: 'text', handleType: 'source', portType: 'text' } as const;
    expect(compatiblePort(spec(EDIT), text)?.id).toBe('prompt');
    const fromList = {
      nodeId: 'm',
      handleId: 'image_urls',
      handleType: 'target',
      portType: 'image[]',
    } as const;
    // Dragged out of a list input: a model's list output first, then its single image.
    expect(compatiblePort(spec(EDIT), fromList)?.id).toBe('images');
    expect(compatiblePort(spec('load-image'), fromList)?.id).toBe('image');
    const fromPrompt = {
      nodeId: 'm',
      handleId: 'prompt',
      handleType: 'target',
      portType: 'text',
    } as const;
    expect(compatiblePort(spec('prompt'), fromPrompt)?.id).toBe('text');
    expect(compatiblePort(spec('load-image'), fromPrompt)).toBeUndefined();
  });

  it('handle classes say which wire types a handle takes', () => {
    const list = spec(EDIT).inputs.find((p) => p.id === 'image_urls')!;
    const cls = handleClasses(list, 'target');
    expect(cls).toContain('nl-ok-src-image');
    expect(cls).toContain('nl-ok-src-image-list');
    expect(cls).not.toContain('nl-ok-src-text');
    const single = spec('load-image').outputs[0]!;
    expect(handleClasses(single, 'source')).toContain('nl-ok-tgt-image-list');
  });

  it('orders the library by category and names providers', () => {
    const order = libraryOrder(registry.all()).map((s) => s.category);
    expect(order.indexOf('Outputs')).toBeGreaterThan(order.lastIndexOf('Models'));
    expect(providerName(spec(EDIT))).toBe('Runflow');
    expect(providerName(spec('prompt'))).toBe('Built-in');
  });

  it('places a node beside the end of the wire it came from', () => {
    const at = { x: 100, y: 100 };
    const src = {
      nodeId: 'a',
      handleId: 'image',
      handleType: 'source',
      portType: 'image',
    } as const;
    expect(placeNode(at, src).x).toBeGreaterThan(at.x);
    expect(placeNode(at, { ...src, handleType: 'target' }).x).toBeLessThan(at.x - NODE_WIDTH);
    expect(placeNode(at).x).toBe(at.x - NODE_WIDTH / 2);
  });
});
