import { describe, expect, it } from 'vitest';
import { scrollToReveal, windowRange } from '../../../../renderer/app/virtual/virtual-window';

describe('windowRange()', () => {
  it('renders a screenful plus overscan whatever the length', () => {
    const range = windowRange(10_000, 32, 320_000 - 640, 640, 8);
    expect(range.end).toBe(10_000);
    expect(range.end - range.start).toBeLessThan(40);
    expect(range.totalHeight).toBe(320_000);
    expect(range.offsetTop).toBe(range.start * 32);
  });

  it('starts at the top and copes with an empty list', () => {
    expect(windowRange(100, 32, 0, 320, 4)).toMatchObject({ start: 0, end: 15 });
    expect(windowRange(0, 32, 0, 320)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});

describe('scrollToReveal()', () => {
  it('scrolls only when the row is outside the view', () => {
    expect(scrollToReveal(5, 30, 0, 300)).toBeNull();
    expect(scrollToReveal(20, 30, 0, 300)).toBe(330);
    expect(scrollToReveal(2, 30, 200, 300)).toBe(60);
  });
});
