// Draws the app icon (build/icon.svg) and renders what electron-builder packages:
// build/icon.png (512), build/icon-256.png, build/icons/<n>x<n>.png (Linux),
// build/icon.ico (Windows, PNG entries) and build/icon.icns (macOS, PNG entries).
// Run: node scripts/make-icons.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build');

// A loom read as a node graph: warp threads behind, two input nodes woven into one
// output node by thick weft-like edges.
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#232b3a"/>
      <stop offset="1" stop-color="#10141c"/>
    </linearGradient>
    <linearGradient id="weftA" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#2dd4bf"/>
      <stop offset="1" stop-color="#f59e0b"/>
    </linearGradient>
    <linearGradient id="weftB" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#a78bfa"/>
      <stop offset="1" stop-color="#f59e0b"/>
    </linearGradient>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="216" fill="url(#bg)"/>
  <g stroke="#ffffff" stroke-opacity="0.09" stroke-width="14" stroke-linecap="round">
    <line x1="232" y1="150" x2="232" y2="874"/>
    <line x1="372" y1="150" x2="372" y2="874"/>
    <line x1="512" y1="150" x2="512" y2="874"/>
    <line x1="652" y1="150" x2="652" y2="874"/>
    <line x1="792" y1="150" x2="792" y2="874"/>
  </g>
  <g fill="none" stroke-width="44" stroke-linecap="round">
    <path d="M300 340 C 520 340, 520 512, 724 512" stroke="url(#weftA)"/>
    <path d="M300 684 C 520 684, 520 512, 724 512" stroke="url(#weftB)"/>
  </g>
  <rect x="168" y="268" width="176" height="144" rx="40" fill="#2dd4bf"/>
  <rect x="168" y="612" width="176" height="144" rx="40" fill="#a78bfa"/>
  <rect x="680" y="412" width="196" height="200" rx="48" fill="#f59e0b"/>
  <g fill="#10141c" fill-opacity="0.35">
    <rect x="204" y="322" width="104" height="16" rx="8"/>
    <rect x="204" y="354" width="72" height="16" rx="8"/>
    <rect x="204" y="666" width="104" height="16" rx="8"/>
    <rect x="204" y="698" width="72" height="16" rx="8"/>
    <rect x="716" y="456" width="124" height="112" rx="20"/>
  </g>
</svg>
`;

const render = (size) =>
  sharp(Buffer.from(ICON_SVG), { density: Math.max(72, (72 * size) / 1024) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();

/** An .ico holding PNG images (Vista and later read these). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, data }, i) => {
    const e = i * 16;
    dir.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, e + 1);
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.data)]);
}

/** An .icns holding PNG images, by OSType. */
function icns(entries) {
  const chunks = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

async function main() {
  await mkdir(path.join(out, 'icons'), { recursive: true });
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const png = Object.fromEntries(await Promise.all(sizes.map(async (s) => [s, await render(s)])));
  await writeFile(path.join(out, 'icon.svg'), ICON_SVG);
  await writeFile(path.join(out, 'icon.png'), png[512]);
  await writeFile(path.join(out, 'icon-256.png'), png[256]);
  for (const s of [16, 24, 32, 48, 64, 128, 256, 512])
    await writeFile(path.join(out, 'icons', `${s}x${s}.png`), png[s]);
  await writeFile(
    path.join(out, 'icon.ico'),
    ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: png[size] }))),
  );
  await writeFile(
    path.join(out, 'icon.icns'),
    icns([
      { type: 'icp4', data: png[16] },
      { type: 'icp5', data: png[32] },
      { type: 'icp6', data: png[64] },
      { type: 'ic07', data: png[128] },
      { type: 'ic08', data: png[256] },
      { type: 'ic09', data: png[512] },
      { type: 'ic10', data: png[1024] },
      { type: 'ic11', data: png[32] },
      { type: 'ic12', data: png[64] },
      { type: 'ic13', data: png[256] },
      { type: 'ic14', data: png[512] },
    ]),
  );
  console.log(`icons written to ${path.relative(root, out)}/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
