/** Draws a chart scene as an SVG file or on a canvas, with colours resolved by the caller. */
import type { ChartColour, Scene } from './chartScene';

export type Palette = Record<ChartColour, string>;

export function sceneToSvg(scene: Scene, palette: Palette, font: string): string {
  const body = scene.primitives
    .map((p) => {
      if (p.kind === 'path') {
        const d = p.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
        return `<path d="${d}" fill="none" stroke="${palette[p.colour]}" stroke-width="${p.width}"/>`;
      }
      if (p.kind === 'rect') return `<rect x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" width="${p.w.toFixed(1)}" height="${p.h.toFixed(1)}" fill="${palette[p.colour]}"/>`;
      return `<text x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" fill="${palette[p.colour]}" text-anchor="${p.anchor}">${escapeXml(p.text)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" font-family="${escapeXml(font)}" font-size="11">${body}</svg>`;
}

/** A PNG data: URL at `scale` device pixels per chart pixel, on the given background. */
export function sceneToPng(scene: Scene, palette: Palette, font: string, background: string, scale = 2): string {
  const canvas = document.createElement('canvas');
  canvas.width = scene.width * scale;
  canvas.height = scene.height * scale;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas here');
  g.scale(scale, scale);
  g.fillStyle = background;
  g.fillRect(0, 0, scene.width, scene.height);
  g.font = `11px ${font}`;
  for (const p of scene.primitives) {
    if (p.kind === 'path') {
      g.strokeStyle = palette[p.colour];
      g.lineWidth = p.width;
      g.beginPath();
      p.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      g.stroke();
    } else if (p.kind === 'rect') {
      g.fillStyle = palette[p.colour];
      g.fillRect(p.x, p.y, p.w, p.h);
    } else {
      g.fillStyle = palette[p.colour];
      g.textAlign = p.anchor === 'middle' ? 'center' : p.anchor;
      g.fillText(p.text, p.x, p.y);
    }
  }
  return canvas.toDataURL('image/png');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}
