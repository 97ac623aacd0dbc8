/**
 * Draws the example images that examples/*.nodeloom load, so that every pixel in
 * the repository is the project's own. Each image is an SVG rendered by sharp:
 * no fonts, no randomness, fixed PNG settings, so running the script again gives
 * the same bytes.
 *
 *   npx tsx scripts/make-example-images.ts [outDir]   (default: examples/images)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

interface ExampleImage {
  /** File name inside the output folder. */
  file: string;
  width: number;
  height: number;
  /** Colours in the PNG palette: fewer keeps the file small. */
  colours: number;
  svg: string;
}

const svgDoc = (width: number, height: number, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
  `viewBox="0 0 ${width} ${height}">${body}</svg>`;

/**
 * A small still life in warm window light: a cobalt jug, two oranges, a pear and a
 * linen cloth on a wooden table. The composition the edit examples repaint.
 */
function stillLife(): ExampleImage {
  const width = 256;
  const height = 256;
  const body = `
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#efe2c8"/>
      <stop offset="1" stop-color="#c9b08a"/>
    </linearGradient>
    <linearGradient id="table" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#9a6a43"/>
      <stop offset="1" stop-color="#6b4429"/>
    </linearGradient>
    <linearGradient id="jug" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#3d63b8"/>
      <stop offset="0.55" stop-color="#24428c"/>
      <stop offset="1" stop-color="#152a5e"/>
    </linearGradient>
    <radialGradient id="orange" cx="0.35" cy="0.35" r="0.7">
      <stop offset="0" stop-color="#ffc15a"/>
      <stop offset="0.6" stop-color="#f28a1e"/>
      <stop offset="1" stop-color="#b85a0e"/>
    </radialGradient>
    <radialGradient id="pear" cx="0.35" cy="0.4" r="0.75">
      <stop offset="0" stop-color="#e8e58a"/>
      <stop offset="0.65" stop-color="#a9b94a"/>
      <stop offset="1" stop-color="#6e7f2a"/>
    </radialGradient>
  </defs>
  <rect width="256" height="256" fill="url(#wall)"/>
  <polygon points="0,0 96,0 40,168 0,168" fill="#fff6e0" opacity="0.35"/>
  <rect y="168" width="256" height="88" fill="url(#table)"/>
  <rect y="166" width="256" height="5" fill="#b98a5e"/>
  <path d="M112 170 L236 170 L250 232 L98 232 Z" fill="#efe9dc"/>
  <path d="M98 232 L250 232 L246 240 L102 240 Z" fill="#d6cdb9"/>
  <ellipse cx="92" cy="176" rx="44" ry="7" fill="#3b2414" opacity="0.35"/>
  <path d="M70 176 C58 150 60 118 76 100 C70 88 70 76 76 66 L108 66
           C114 76 114 88 108 100 C124 118 126 150 114 176 Z" fill="url(#jug)"/>
  <ellipse cx="92" cy="66" rx="17" ry="4" fill="#0f1f47"/>
  <path d="M110 104 C132 100 136 136 114 146" fill="none" stroke="#1d3676"
        stroke-width="6" stroke-linecap="round"/>
  <path d="M76 112 C70 128 70 148 76 164" fill="none" stroke="#a9c0ee"
        stroke-width="5" stroke-linecap="round" opacity="0.7"/>
  <ellipse cx="200" cy="214" rx="30" ry="6" fill="#8c7b62" opacity="0.45"/>
  <path d="M200 214 C176 214 172 196 182 182 C186 174 186 164 192 156
           C196 150 204 150 208 156 C214 164 214 174 218 182 C228 196 224 214 200 214 Z"
        fill="url(#pear)"/>
  <path d="M200 152 C200 146 203 141 207 138" fill="none" stroke="#5a3a1c"
        stroke-width="3" stroke-linecap="round"/>
  <ellipse cx="146" cy="220" rx="28" ry="6" fill="#8c7b62" opacity="0.45"/>
  <circle cx="146" cy="198" r="23" fill="url(#orange)"/>
  <ellipse cx="172" cy="228" rx="22" ry="5" fill="#8c7b62" opacity="0.45"/>
  <circle cx="172" cy="212" r="17" fill="url(#orange)"/>
  <path d="M146 175 C154 166 166 166 170 170 C162 176 154 178 146 175 Z" fill="#4f7a32"/>
  `;
  return { file: 'still-life.png', width, height, colours: 96, svg: svgDoc(width, height, body) };
}

/**
 * A palette card to hand a model as a style reference: a dusk palette of eight
 * muted swatches over a paper ground, with a strip of graded tints below.
 */
function styleReference(): ExampleImage {
  const width = 256;
  const height = 192;
  const palette = [
    '#22223b',
    '#3d405b',
    '#1f4e5f',
    '#81b29a',
    '#f2cc8f',
    '#e07a5f',
    '#d8a39d',
    '#f4f1de',
  ];
  const swatches = palette
    .map((colour, i) => {
      const x = 12 + (i % 4) * 60;
      const y = 12 + Math.floor(i / 4) * 62;
      return `<rect x="${x}" y="${y}" width="52" height="54" rx="6" fill="${colour}"/>`;
    })
    .join('');
  // Tints of the accent colour, from full strength to the paper ground.
  const tints = Array.from({ length: 8 }, (_, i) => {
    const x = 12 + i * 29.5;
    const opacity = (1 - i / 8).toFixed(3);
    return `<rect x="${x}" y="148" width="26" height="30" rx="4" fill="#e07a5f" opacity="${opacity}"/>`;
  }).join('');
  const body = `
  <rect width="${width}" height="${height}" fill="#ebe4d4"/>
  <rect x="4" y="4" width="${width - 8}" height="${height - 8}" rx="10" fill="#f7f3ea"/>
  ${swatches}
  <rect x="12" y="138" width="232" height="2" fill="#cfc6b3"/>
  ${tints}
  `;
  return {
    file: 'style-reference.png',
    width,
    height,
    colours: 64,
    svg: svgDoc(width, height, body),
  };
}

const EXAMPLE_IMAGES: readonly ExampleImage[] = [stillLife(), styleReference()];

async function render(image: ExampleImage): Promise<Buffer> {
  return sharp(Buffer.from(image.svg))
    .resize(image.width, image.height)
    .png({ palette: true, colours: image.colours, dither: 0.5, compressionLevel: 9, effort: 10 })
    .toBuffer();
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'examples', 'images'));
  await mkdir(outDir, { recursive: true });
  for (const image of EXAMPLE_IMAGES) {
    const png = await render(image);
    const meta = await sharp(png).metadata();
    if (meta.width !== image.width || meta.height !== image.height) {
      throw new Error(`${image.file}: rendered ${meta.width}x${meta.height}`);
    }
    const target = path.join(outDir, image.file);
    await writeFile(target, png);
    console.log(
      `${path.relative(process.cwd(), target)}: ${meta.width}x${meta.height}, ${png.length} bytes`,
    );
  }
}

await main();
