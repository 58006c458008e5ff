import type { MouthPose } from '@lipsync/web';

/**
 * The 22 Azure viseme ids as mouth shapes. Each shape is a few articulation parameters (jaw opening, lip
 * spread, rounding, teeth, tongue, lower lip under the teeth, lips pressed); the SVG is drawn from them,
 * so co-articulation is an interpolation of parameters, not a cross-fade of pictures.
 */
interface Shape {
  readonly name: string;
  /** Jaw opening, 0 (closed) .. 1 (wide open). */
  readonly open: number;
  /** Lip spread, 0 (narrow) .. 1 (wide smile). */
  readonly wide: number;
  /** Lip rounding/protrusion, 0 .. 1. */
  readonly round: number;
  /** Upper teeth showing, 0 .. 1. */
  readonly teeth: number;
  /** Tongue tip showing (raised to the teeth or between them), 0 .. 1. */
  readonly tongue: number;
  /** Lower lip tucked under the upper teeth (f, v), 0 .. 1. */
  readonly tuck: number;
  /** Lips pressed together (p, b, m), 0 .. 1. */
  readonly press: number;
}

const s = (name: string, open: number, wide: number, round = 0, teeth = 0, tongue = 0, tuck = 0, press = 0): Shape =>
  ({ name, open, wide, round, teeth, tongue, tuck, press });

/** Indexed by viseme id (Azure's table: 0 silence, 1 æ ə ʌ, 2 ɑ, ... 21 p b m). */
export const shapes: readonly Shape[] = [
  s('silence', 0, 0.45),
  s('æ ə ʌ', 0.5, 0.6, 0, 0.4),
  s('ɑ', 0.95, 0.5, 0, 0.3),
  s('ɔ', 0.75, 0.35, 0.45, 0.2),
  s('ɛ ʊ', 0.45, 0.65, 0.1, 0.5),
  s('ɝ', 0.35, 0.4, 0.45, 0.4),
  s('j i ɪ', 0.2, 0.95, 0, 0.9),
  s('w u', 0.15, 0.1, 1),
  s('o', 0.5, 0.25, 0.85, 0.1),
  s('aʊ', 0.8, 0.45, 0.3, 0.3),
  s('ɔɪ', 0.6, 0.35, 0.55, 0.2),
  s('aɪ', 0.75, 0.7, 0, 0.5),
  s('h', 0.4, 0.55, 0, 0.3),
  s('ɹ', 0.3, 0.3, 0.6, 0.3),
  s('l', 0.4, 0.55, 0, 0.6, 1),
  s('s z', 0.08, 0.8, 0, 1),
  s('ʃ tʃ dʒ ʒ', 0.2, 0.35, 0.7, 1),
  s('ð', 0.18, 0.6, 0, 0.9, 0.8),
  s('f v', 0.1, 0.6, 0, 1, 0, 1),
  s('d t n θ', 0.2, 0.6, 0, 0.7, 0.5),
  s('k g ŋ', 0.3, 0.6, 0, 0.5),
  s('p b m', 0, 0.5, 0, 0, 0, 0, 1),
];

const svgNs = 'http://www.w3.org/2000/svg';
const cx = 100;
const cy = 70;

/** An SVG mouth that `draw(pose)` reshapes. Its `data-viseme` attribute names the viseme the pose is on. */
export class Mouth {
  static #instances = 0;
  readonly element: SVGSVGElement;
  readonly #cavity: SVGPathElement;
  readonly #clipPath: SVGPathElement;
  readonly #teeth: SVGRectElement;
  readonly #tongue: SVGEllipseElement;
  readonly #lips: SVGPathElement;
  readonly #lowerLip: SVGPathElement;

  constructor() {
    this.element = el('svg', { viewBox: '0 0 200 140', role: 'img', class: 'mouth' }) as SVGSVGElement;
    const clipId = `mouth-cavity-${++Mouth.#instances}`; // ids are document-wide: one per mouth
    const clip = el('clipPath', { id: clipId });
    this.#cavity = el('path', { class: 'cavity' }) as SVGPathElement;
    const clipPath = el('path', {});
    clip.append(clipPath);
    this.#teeth = el('rect', { class: 'teeth', 'clip-path': `url(#${clipId})` }) as SVGRectElement;
    this.#tongue = el('ellipse', { class: 'tongue', 'clip-path': `url(#${clipId})` }) as SVGEllipseElement;
    this.#lips = el('path', { class: 'lips' }) as SVGPathElement;
    this.#lowerLip = el('path', { class: 'lower-lip' }) as SVGPathElement;
    const defs = el('defs', {});
    defs.append(clip);
    this.element.append(defs, el('ellipse', { class: 'skin', cx, cy, rx: 95, ry: 65 }), this.#cavity, this.#teeth, this.#tongue, this.#lips, this.#lowerLip);
    this.#clipPath = clipPath as SVGPathElement;
    this.draw({ viseme: 0, next: 0, blend: 0, timeMs: 0 });
  }

  /** Reshapes the mouth for a pose: the pose's viseme, leaning `blend` of the way toward the next one. */
  draw(pose: MouthPose): void {
    const a = shapes[pose.viseme] ?? shapes[0]!;
    const b = shapes[pose.next] ?? a;
    const t = Math.min(1, Math.max(0, pose.blend));
    const mix = (k: keyof Omit<Shape, 'name'>): number => a[k] + ((b[k] - a[k]) * t);
    const open = mix('open');
    const wide = mix('wide');
    const round = mix('round');

    const press = mix('press');
    const half = 40 + (44 * wide) - (16 * round);       // half the mouth's width
    const gap = (open * 56) + 1;                          // inner opening, top to bottom
    const top = cy - (gap * 0.4);
    const bottom = cy + (gap * 0.6);
    const lip = (11 + (5 * round)) * (1 - (0.45 * press)); // lip thickness; pressed lips roll in
    const corner = 3 + (12 * round);                      // rounding pulls the corners into a circle
    // A quadratic curve peaks halfway to its control point: controls at twice the distance put the
    // inner edges' peaks at `top` and `bottom`.
    const innerTop = (2 * top) - cy - (round * 4);
    const innerBottom = (2 * bottom) - cy + (round * 4);

    const inner = `M ${cx - half + corner} ${cy} Q ${cx} ${innerTop} ${cx + half - corner} ${cy} Q ${cx} ${innerBottom} ${cx - half + corner} ${cy} Z`;
    this.#cavity.setAttribute('d', inner);
    this.#clipPath.setAttribute('d', inner);

    // Upper lip with a cupid's bow, lower lip as one curve; their inner edges follow the opening.
    const upper = `M ${cx - half} ${cy} C ${cx - (half * 0.6)} ${top - lip - 8} ${cx - 12} ${top - lip - 6} ${cx} ${top - lip + 1} `
      + `C ${cx + 12} ${top - lip - 6} ${cx + (half * 0.6)} ${top - lip - 8} ${cx + half} ${cy} `
      + `L ${cx + half - corner} ${cy} Q ${cx} ${innerTop} ${cx - half + corner} ${cy} Z`;
    const tucked = mix('tuck');
    const lowerTop = bottom - (tucked * (gap + 8));        // f/v: the lower lip rides up under the teeth
    const lowerInner = (2 * lowerTop) - cy + (round * 4);
    const lower = `M ${cx - half} ${cy} L ${cx - half + corner} ${cy} Q ${cx} ${lowerInner} ${cx + half - corner} ${cy} L ${cx + half} ${cy} `
      + `C ${cx + (half * 0.55)} ${lowerTop + (lip * 1.9) + 6} ${cx - (half * 0.55)} ${lowerTop + (lip * 1.9) + 6} ${cx - half} ${cy} Z`;
    this.#lips.setAttribute('d', upper);
    this.#lowerLip.setAttribute('d', lower);

    const teeth = mix('teeth');
    set(this.#teeth, { x: cx - half, y: top - 2, width: half * 2, height: Math.max(0, (teeth * 10) + (tucked * 6)) });
    const tongue = mix('tongue');
    set(this.#tongue, { cx, cy: bottom - (tongue * gap * 0.7) + 4, rx: half * 0.45, ry: 7 + (open * 6) });

    const shown = t < 0.5 ? pose.viseme : pose.next;
    this.element.dataset['viseme'] = String(pose.viseme);
    this.element.dataset['next'] = String(pose.next);
    this.element.dataset['blend'] = t.toFixed(2);
    this.element.dataset['timeMs'] = String(pose.timeMs); // exact: tests recompute the viseme from it
    this.element.setAttribute('aria-label', `viseme ${shown}: ${shapes[shown]?.name ?? '?'}`);
  }
}

function el(name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(svgNs, name);
  set(node, attributes);
  return node;
}

function set(node: Element, attributes: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, typeof v === 'number' ? v.toFixed(2) : v);
}
