/**
 * Figures inside <LazyFigures> (the Study tab's results) are drawn only when they come near the
 * viewport, one per slice of the main thread through one shared DrawQueue, nearest first; until
 * then each shows a light placeholder of its own size. Figures outside it draw at once, as before.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { DrawQueue } from './drawQueue.ts';

export interface LazyFigureOptions {
  queue: DrawQueue;
  /** IntersectionObserver root margin: how far ahead of the viewport figures start drawing */
  rootMargin: string;
}

/** Generous: about a screen ahead, so a figure is usually drawn before it scrolls into view. */
export const LAZY_ROOT_MARGIN = '800px 0px';

const LazyFiguresContext = createContext<LazyFigureOptions | null>(null);

export function LazyFigures({ children, rootMargin = LAZY_ROOT_MARGIN }: { children: ReactNode; rootMargin?: string }) {
  const queue = useMemo(() => new DrawQueue(), []);
  const value = useMemo(() => ({ queue, rootMargin }), [queue, rootMargin]);
  return <LazyFiguresContext.Provider value={value}>{children}</LazyFiguresContext.Provider>;
}

/** The lazy options when inside <LazyFigures>, else null (draw at once). */
export function useLazyFigures(): LazyFigureOptions | null {
  return useContext(LazyFiguresContext);
}
