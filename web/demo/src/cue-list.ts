import type { VisemeCue, VisemeTimeline } from '@lipsync/web';
import { shapes } from './mouth.js';
import { visemeColor } from './palette.js';

/** The cues as a list that follows playback: the current cue is marked and kept in view. */
export class CueList {
  readonly #list: HTMLOListElement;
  #starts: readonly number[] = [];
  #current = -1;

  constructor(list: HTMLOListElement) {
    this.#list = list;
  }

  show(timeline: VisemeTimeline): void {
    this.#starts = timeline.cues.map((c) => c.t);
    this.#current = -1;
    this.#list.replaceChildren(...timeline.cues.map(item));
  }

  /** A cue that just arrived (live): added, marked and kept in view. */
  append(cue: VisemeCue): void {
    this.#starts = [...this.#starts, cue.t];
    this.#list.append(item(cue));
    this.highlight(cue.t);
  }

  highlight(timeMs: number): void {
    const index = lastAtOrBefore(this.#starts, timeMs);
    if (index === this.#current) return;
    this.#list.children[this.#current]?.classList.remove('current');
    this.#current = index;
    const item = this.#list.children[index] as HTMLElement | undefined;
    if (!item) return;
    item.classList.add('current');
    // Scroll the list only (scrollIntoView would move the page too).
    const top = item.offsetTop; // the list is the offset parent (position: relative)
    if (top < this.#list.scrollTop || top > this.#list.scrollTop + this.#list.clientHeight - item.offsetHeight) {
      this.#list.scrollTop = top - (this.#list.clientHeight / 3);
    }
  }
}

function item(cue: VisemeCue): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset['t'] = String(cue.t);
  li.dataset['v'] = String(cue.v);
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = visemeColor(cue.v);
  li.append(swatch, `${(cue.t / 1000).toFixed(2)} s  ${cue.v} · ${shapes[cue.v]?.name ?? ''}`);
  return li;
}

function lastAtOrBefore(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
