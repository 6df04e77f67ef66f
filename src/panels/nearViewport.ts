/**
 * When an element first comes near the viewport (IntersectionObserver with a root margin), and
 * how far from the viewport it is now. Without IntersectionObserver (server render, old engines,
 * DOM-less tests) the element counts as near at once, so everything renders as before.
 */

/** Calls `onNear` once, the first time `el` is within `rootMargin` of the viewport; returns a stop function. */
export function whenNear(el: Element, onNear: () => void, rootMargin: string): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onNear();
    return () => undefined;
  }
  let fired = false;
  const io = new IntersectionObserver(
    (entries) => {
      if (fired || !entries.some((e) => e.isIntersecting)) return;
      fired = true;
      io.disconnect();
      onNear();
    },
    { rootMargin },
  );
  io.observe(el);
  return () => io.disconnect();
}

/** Vertical distance in px between a box and the viewport: 0 when they overlap. */
export function gapToViewport(top: number, bottom: number, viewportHeight: number): number {
  if (bottom < 0) return -bottom;
  if (top > viewportHeight) return top - viewportHeight;
  return 0;
}

/** How far `el` is from the viewport now (0 when on screen); Infinity when it is not laid out. */
export function distanceFromViewport(el: Element | null): number {
  if (!el || !el.isConnected) return Infinity;
  const r = el.getBoundingClientRect();
  const h = typeof window === 'undefined' ? 0 : window.innerHeight || document.documentElement.clientHeight;
  return gapToViewport(r.top, r.bottom, h);
}
