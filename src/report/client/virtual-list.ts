import { clear, el } from './dom.js';

export const ROW_HEIGHT = 44;
const OVERSCAN = 8;

/**
 * Only the rows in view exist in the DOM, so 20,000 rows cost what 30 do; rows are fixed-height
 * so the scroll position alone says which ones to draw.
 */
export class VirtualList<T> {
  private items: T[] = [];
  private readonly spacer: HTMLDivElement;
  private frame = 0;
  selected = -1;

  constructor(
    readonly viewport: HTMLElement,
    private readonly draw: (item: T, index: number, selected: boolean) => HTMLElement,
  ) {
    this.spacer = el('div', { class: 'spacer' });
    viewport.appendChild(this.spacer);
    viewport.addEventListener('scroll', () => this.schedule());
    window.addEventListener('resize', () => this.schedule());
  }

  setItems(items: T[]): void {
    this.items = items;
    this.selected = Math.min(this.selected, items.length - 1);
    this.spacer.style.height = `${items.length * ROW_HEIGHT}px`;
    this.render();
  }

  get length(): number {
    return this.items.length;
  }

  item(index: number): T | undefined {
    return this.items[index];
  }

  select(index: number, reveal = true): void {
    if (this.items.length === 0) return;
    this.selected = Math.max(0, Math.min(this.items.length - 1, index));
    if (reveal) {
      const top = this.selected * ROW_HEIGHT;
      if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
      else if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight)
        this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const node = this.draw(this.items[i]!, i, i === this.selected);
      node.style.top = `${i * ROW_HEIGHT}px`;
      this.spacer.appendChild(node);
    }
  }
}
