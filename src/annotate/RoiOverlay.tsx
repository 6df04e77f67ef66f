/**
 * The ROI layer over the main viewport: paints the masks of the current reader (both labels) on the
 * shown slice, and — when a drawing tool is active — turns pointer input into edits of the mask:
 * a freehand contour is closed and rasterised on release; the brush and eraser paint round stamps
 * in millimetres along the stroke. In navigate mode it lets every pointer event through to the viewer.
 */
import { useEffect, useRef } from 'react';
import { canvasToIndex, clearedOverlayContext, drawSliceTexels, indexToCanvasAffine, maskSliceRgba, thinPath, type Point } from '../roi/overlay.ts';
import type { RoiLabel } from '../roi/roi.ts';
import { useRois } from '../store/rois.ts';
import type { ViewportBridge } from './bridge.ts';

export type RoiTool = 'navigate' | 'contour' | 'brush' | 'eraser';

const COLOURS: Record<RoiLabel, [number, number, number]> = { tumour: [230, 60, 60], reference: [60, 160, 230] };

export function RoiOverlay({ bridge, tool, brushMm }: { bridge: ViewportBridge; tool: RoiTool; brushMm: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const path = useRef<Point[]>([]);
  const drawing = useRef(false);
  const revision = useRois((s) => s.revision);
  const reader = useRois((s) => s.reader);
  const target = useRois((s) => s.target);
  const rois = useRois((s) => s.rois);

  const redraw = () => {
    const c = canvas.current;
    if (!c) return;
    const ctx = clearedOverlayContext(c, bridge.element);
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const place = bridge.placement();
    if (!place || !target) return;
    const k = bridge.sliceIndex();
    const A = indexToCanvasAffine(place.p00, place.p10, place.p01);
    for (const roi of Object.values(rois)) {
      if (roi.reader !== reader || roi.seriesInstanceUID !== target.seriesInstanceUID || roi.groupKey !== target.groupKey) continue;
      if (k < 0 || k >= roi.mask.size[2]) continue;
      const [nx, ny] = roi.mask.size;
      drawSliceTexels(ctx, maskSliceRgba(roi.mask, k, { 1: COLOURS[roi.label], 2: COLOURS[roi.label] }), nx, ny, A, dpr);
    }
    // the contour being drawn
    if (drawing.current && path.current.length > 1 && tool === 'contour') {
      ctx.setTransform(A[0] * dpr, A[1] * dpr, A[2] * dpr, A[3] * dpr, A[4] * dpr, A[5] * dpr);
      ctx.beginPath();
      path.current.forEach(([i, j], n) => (n ? ctx.lineTo(i, j) : ctx.moveTo(i, j)));
      ctx.strokeStyle = '#ffd54f';
      ctx.lineWidth = 1.5 / Math.hypot(A[0], A[1]);
      ctx.stroke();
    }
  };

  useEffect(() => bridge.subscribe(redraw));
  useEffect(redraw, [revision, reader, target, rois, tool]);

  const toIndex = (e: React.PointerEvent): Point | null => {
    const place = bridge.placement();
    if (!place) return null;
    const rect = bridge.element.getBoundingClientRect();
    return canvasToIndex(indexToCanvasAffine(place.p00, place.p10, place.p01), e.clientX - rect.left, e.clientY - rect.top);
  };
  const stamp = (p: Point) => useRois.getState().paint(bridge.sliceIndex(), p[0], p[1], brushMm, tool === 'eraser' ? 'erase' : 'add');

  return (
    <canvas
      ref={canvas}
      data-testid="roi-overlay"
      className="roi-overlay"
      style={{ position: 'absolute', inset: 0, pointerEvents: tool === 'navigate' ? 'none' : 'auto', cursor: tool === 'navigate' ? 'default' : 'crosshair', touchAction: 'none' }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        const p = toIndex(e);
        if (!p) return;
        (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
        drawing.current = true;
        path.current = [p];
        if (tool !== 'contour') stamp(p);
      }}
      onPointerMove={(e) => {
        if (!drawing.current) return;
        const p = toIndex(e);
        if (!p) return;
        path.current.push(p);
        if (tool === 'contour') redraw();
        else stamp(p);
      }}
      onPointerUp={() => {
        if (!drawing.current) return;
        drawing.current = false;
        if (tool === 'contour') {
          const poly = thinPath(path.current);
          if (poly.length >= 3) useRois.getState().drawContour(bridge.sliceIndex(), poly as [number, number][], 'add');
        }
        path.current = [];
        redraw();
      }}
    />
  );
}
