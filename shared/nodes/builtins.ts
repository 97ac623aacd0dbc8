import { nodeTypeId } from '../graph/ids';
import type { NodeSpec } from './spec';

export const PROMPT_NODE = nodeTypeId('prompt');
export const LOAD_IMAGE_NODE = nodeTypeId('load-image');
/**
 * The largest image embedded in a workflow (a dropped, pasted or embedded Load Image):
 * beyond it workflow files get heavy, and a Load Image pointing at the file does better.
 */
export const MAX_EMBEDDED_IMAGE_BYTES = 20 * 1024 * 1024;
/**
 * The largest Load Image file a run reads: no provider takes a bigger image (Runflow
 * uploads up to 50 MiB, RunComfy inlines up to 6 MiB).
 */
export const MAX_LOAD_IMAGE_BYTES = 50 * 1024 * 1024;
export const PREVIEW_NODE = nodeTypeId('preview');
/** A dot that passes one wire through: only layout, the plan removes it (no job). */
export const REROUTE_NODE = nodeTypeId('reroute');
/** A Markdown note on the canvas: runs nothing and has no ports. */
export const NOTE_NODE = nodeTypeId('note');

/** Node types that only arrange the canvas: never run, never planned. */
export const LAYOUT_NODES: ReadonlySet<string> = new Set([REROUTE_NODE, NOTE_NODE]);

/** The built-in node types; every other type is a model from the catalog. */
export const BUILTIN_NODES: readonly NodeSpec[] = [
  {
    type: PROMPT_NODE,
    title: 'Prompt',
    category: 'Inputs',
    description: 'A text prompt that can feed the prompt input of several models.',
    inputs: [],
    outputs: [{ id: 'text', label: 'Text', type: 'text' }],
    widgets: [
      {
        key: 'text',
        label: 'Text',
        kind: 'text',
        multiline: true,
        convertible: false,
        required: true,
        default: '',
      },
    ],
  },
  {
    type: LOAD_IMAGE_NODE,
    title: 'Load Image',
    category: 'Inputs',
    description: 'An image from a file (relative to the workflow) or an https URL.',
    inputs: [],
    outputs: [{ id: 'image', label: 'Image', type: 'image' }],
    widgets: [
      {
        key: 'source',
        label: 'File or URL',
        description: 'A path relative to the workflow file, or an https:// URL.',
        kind: 'text',
        multiline: false,
        convertible: false,
        required: true,
        default: '',
      },
    ],
  },
  {
    type: PREVIEW_NODE,
    title: 'Preview / Save',
    category: 'Outputs',
    description: 'Shows the images it receives and saves them with the run.',
    inputs: [
      {
        id: 'images',
        label: 'Images',
        type: 'image[]',
        required: true,
        multiple: true,
        minItems: 1,
      },
    ],
    outputs: [],
    widgets: [
      {
        key: 'save',
        label: 'Save to output folder',
        kind: 'toggle',
        required: false,
        default: true,
      },
      {
        key: 'filename_prefix',
        label: 'File name prefix',
        kind: 'text',
        multiline: false,
        convertible: false,
        required: false,
        default: 'nodeloom',
      },
    ],
  },
  {
    type: REROUTE_NODE,
    title: 'Reroute',
    category: 'Layout',
    description: 'A dot that passes one wire through, to route wires around nodes.',
    inputs: [{ id: 'in', label: 'In', type: 'any' }],
    outputs: [{ id: 'out', label: 'Out', type: 'any' }],
    widgets: [],
  },
  {
    type: NOTE_NODE,
    title: 'Note',
    category: 'Layout',
    description: 'A note on the canvas in Markdown (headings, lists, bold, italic, code, links).',
    inputs: [],
    outputs: [],
    widgets: [
      {
        key: 'text',
        label: 'Text',
        kind: 'text',
        multiline: true,
        convertible: false,
        required: false,
        default: '',
      },
    ],
  },
];
