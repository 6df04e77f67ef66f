/**
 * The ViewportBridge the ROI tools use (src/annotate/bridge.ts), implemented on the main stack
 * viewport. Pixel centres are placed through the ROI's own geometry (DICOM: Image Position Patient
 * is the centre of the first pixel) and cornerstone's `worldToCanvas`, so the overlay never relies
 * on cornerstone's image-coordinate convention. The stack's image IDs follow the group's frames in
 * order (imageIdsFor), so the viewport's image index is the ROI's slice index.
 */
import { Enums, getEnabledElement, type StackViewport } from '@cornerstonejs/core';
import type { ViewportBridge } from '../annotate/bridge.ts';
import { indexToPoint } from '../geometry/volume.ts';
import type { Geometry } from '../roi/mapping.ts';

const EVENTS = [Enums.Events.CAMERA_MODIFIED, Enums.Events.STACK_NEW_IMAGE, Enums.Events.IMAGE_RENDERED];

export function createRoiBridge(element: HTMLDivElement, geometry: Geometry): ViewportBridge {
  const viewport = () => getEnabledElement(element)?.viewport as StackViewport | undefined;
  const sliceIndex = () => viewport()?.getCurrentImageIdIndex() ?? 0;
  return {
    element,
    sliceIndex,
    placement() {
      const vp = viewport();
      // No image displayed yet (CPU rendering throws from worldToCanvas then): nothing to place.
      if (!vp || !vp.getImageData()) return null;
      const k = sliceIndex();
      const at = (i: number, j: number) => {
        const c = vp.worldToCanvas(indexToPoint(geometry, i, j, k));
        return [c[0], c[1]] as const;
      };
      return { p00: at(0, 0), p10: at(1, 0), p01: at(0, 1) };
    },
    subscribe(cb) {
      return subscribeRedraw(element, EVENTS, cb);
    },
  };
}

/** Call `cb` after `events` of `element` and after its resizes, at most once per frame; returns the unsubscribe. */
export function subscribeRedraw(element: HTMLElement, events: readonly string[], cb: () => void): () => void {
  let frame = 0;
  const onEvent = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; cb(); });
  };
  for (const e of events) element.addEventListener(e, onEvent);
  const ro = new ResizeObserver(onEvent);
  ro.observe(element);
  return () => {
    for (const e of events) element.removeEventListener(e, onEvent);
    ro.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
