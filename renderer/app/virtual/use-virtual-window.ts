/** Tracks a scroll container's position and size and returns the rows to render (see virtual-window.ts). */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { scrollToReveal, windowRange, type WindowRange } from './virtual-window';

export interface VirtualWindow<E extends HTMLElement> {
  /** Attach to the element that scrolls. */
  scrollerRef: React.RefObject<E | null>;
  range: WindowRange;
  /** Scroll just enough to show row `index`. */
  reveal(index: number): void;
}

export function useVirtualWindow<E extends HTMLElement>(count: number, rowHeight: number, headerHeight = 0): VirtualWindow<E> {
  const scrollerRef = useRef<E>(null);
  const [view, setView] = useState({ scrollTop: 0, height: 600 });

  useLayoutEffect(() => {
    const element = scrollerRef.current;
    if (element === null) return;
    // One state update per animation frame at most, however many scroll events arrive.
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView((current) =>
        current.scrollTop === element.scrollTop && current.height === element.clientHeight
          ? current
          : { scrollTop: element.scrollTop, height: element.clientHeight },
      );
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener('scroll', schedule, { passive: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', schedule);
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);

  const reveal = useCallback(
    (index: number) => {
      const element = scrollerRef.current;
      if (element === null) return;
      const target = scrollToReveal(index, rowHeight, element.scrollTop, element.clientHeight, headerHeight);
      if (target !== null) element.scrollTop = target;
    },
    [rowHeight, headerHeight],
  );

  return { scrollerRef, range: windowRange(count, rowHeight, Math.max(view.scrollTop - headerHeight, 0), view.height), reveal };
}
