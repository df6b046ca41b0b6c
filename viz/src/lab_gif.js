// The lab page's GIF: the animated SVG the simulator writes (one <g> per frame) drawn frame by
// frame on a canvas by the browser, and encoded with gifenc (a palette of up to 256 colours
// per frame, each frame shown for its time, looping). The command line's GIF (`animate -o
// x.gif`) rasterises the same scenes with cairo instead; the pictures agree, the pixels need
// not.
import { GIFEncoder, quantize, applyPalette } from 'gifenc';

// svgText: the animated SVG; frameMs: each frame's time on screen; progress(k, n) after each.
export async function makeGif(svgText, frameMs, progress = () => {}) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = doc.documentElement;
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  svg.querySelectorAll('animate').forEach((a) => a.remove());
  const frames = [...svg.children].filter((c) => c.tagName === 'g');
  if (frames.length !== frameMs.length) throw new Error('the SVG and its frame times disagree');
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const gif = GIFEncoder();
  for (let i = 0; i < frames.length; i++) {
    frames.forEach((g, k) => g.setAttribute('visibility', k === i ? 'visible' : 'hidden'));
    const blob = new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, 0, 0);
    } finally {
      URL.revokeObjectURL(url);
    }
    const { data } = ctx.getImageData(0, 0, w, h);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), w, h, { palette, delay: frameMs[i], repeat: 0 });
    progress(i + 1, frames.length);
  }
  gif.finish();
  return gif.bytes();
}
