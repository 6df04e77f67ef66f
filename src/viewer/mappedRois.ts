/**
 * The study's ROIs on a series with another grid (DWI / ADC after a tumour drawn on DCE phase 1):
 * read-only overlays carried through patient coordinates (`mapForDisplay` → `mapMask`, majority
 * rule for a coarser target, in a worker), painted on their own canvas over the main viewport and
 * labelled "mapped from <series>". The canvas never takes pointer input, and nothing here writes to
 * an ROI: edits stay on the series the ROI was drawn on (the ROI layer's own overlay keeps drawing
 * this series' native ROIs, e.g. the diffusion reference region). When the source ROI changes
 * (edit, undo, import, reader switch) the mapping is redone; a different frame of reference shows
 * no overlay and a short notice.
 *
 * The same overlays appear in the sagittal and coronal reformats (volume viewports, 'mpr' layout)
 * once they show the target's own volume: each ROI's cross-section on the view's plane
 * (`maskSection`: the grid's own slice when the plane is one, nearest-voxel texels on an oblique
 * plane), placed through the view's world → canvas projection, on a canvas of its own over each
 * reformat, redrawn on every camera change (scroll, zoom, pan, resize) and after every remap.
 *
 * The viewer calls `showMappedRois` after each open / group switch; everything else follows the
 * ROI store, the language setting and the viewports' own events (through the ROI bridge).
 */
import { cache as csCache, Enums, getEnabledElement, type Types } from '@cornerstonejs/core';
import type { SeriesIndexEntry } from '../dicom/types.ts';
import { IDENTITY_DIRECTION, type Mask, type Vec3 } from '../geometry/volume.ts';
import { translate, type MessageKey } from '../i18n/catalogue.ts';
import { displayRule, maskSection, planDisplay, sectionAffine, sectionVoxels, sliceVoxels, type DisplayTarget, type MapRule, type MaskSection, type ViewPlane } from '../roi/displayMapping.ts';
import { groupGeometry } from '../roi/groupGeometry.ts';
import { clearedOverlayContext, drawSliceTexels, indexToCanvasAffine, maskSliceRgba } from '../roi/overlay.ts';
import type { Roi, RoiLabel } from '../roi/roi.ts';
import { useRois } from '../store/rois.ts';
import { useSettings } from '../store/settings.ts';
import { useStudies } from '../store/studies.ts';
import { createRoiBridge, subscribeRedraw } from './roiBridge.ts';
import { mapInBackground } from './roiMapClient.ts';

const COLOURS: Record<RoiLabel, [number, number, number]> = { tumour: [230, 60, 60], reference: [60, 160, 230] };
/** Lighter than a native ROI (fill 90, edge 255), so a mapped overlay reads as a reference, not as drawn voxels. */
const FILL_ALPHA = 45;
const EDGE_ALPHA = 200;
const DEBOUNCE_MS = 150;
const CACHE_LIMIT = 8;

interface CacheEntry {
  /** The ROI's own buffer and its modifiedAt when the mapping was requested: any edit, undo or redo sets a new modifiedAt (roi.ts). */
  data: Uint8Array;
  modifiedAt: string;
  result?: { mask: Mask; rule: MapRule; warnings: string[]; targetVoxels: number };
  error?: string;
  inFlight: boolean;
}

/** Mappings by ROI id and target grid; kept across series switches so going back does not remap. */
const cache = new Map<string, CacheEntry>();

/**
 * The stamp a mapping is keyed on. modifiedAt has millisecond resolution: when the request is made
 * in the same millisecond as the last edit, a later edit could carry the same stamp, so the entry
 * is keyed on '' and mapped once more at the next update.
 */
function stampOf(roi: Roi): string {
  return Date.now() - Date.parse(roi.modifiedAt) < 2 ? '' : roi.modifiedAt;
}

function targetKey(t: DisplayTarget): string {
  const g = t.geometry;
  return `${t.seriesInstanceUID}|${t.groupKey}|${g.size.join(',')}|${g.spacing.join(',')}|${g.origin.join(',')}|${g.direction.join(',')}`;
}

/** The series an ROI was drawn on, as the series browser names it (description, and the group when there are several). */
function seriesName(roi: Pick<Roi, 'seriesInstanceUID' | 'groupKey'>): string {
  const entry = useStudies.getState().index?.series.find((s) => s.seriesInstanceUID === roi.seriesInstanceUID);
  if (!entry) return roi.seriesInstanceUID;
  const group = entry.groups.find((g) => g.key === roi.groupKey);
  const name = entry.description || entry.label || entry.seriesInstanceUID;
  return entry.groups.length > 1 && group ? `${name} · ${group.label}` : name;
}

interface Shown { roi: Roi; key: string }
interface Notice { key: MessageKey; series: string }

/** The reformat views the viewer offers next to the main one (viewer.ts, 'mpr' layout). */
export type ReformatName = 'sagittal' | 'coronal';

/** What one reformat's overlay shows (tests and the e2e read it through `mappedRoisDebug`). */
export interface ReformatSummary {
  name: ReformatName;
  /** The view shows the target's own volume (overlays are painted only then). */
  showsTarget: boolean;
  /** The view's plane (patient mm), from its camera. */
  plane: ViewPlane | null;
  sections: { roiId: string; kind: MaskSection['kind']; axis?: number; index?: number; width: number; height: number; voxels: number; affine: number[] }[];
}

const REFORMAT_EVENTS = [Enums.Events.CAMERA_MODIFIED, Enums.Events.IMAGE_RENDERED, Enums.Events.VOLUME_VIEWPORT_NEW_VOLUME];

interface Reformat {
  name: ReformatName;
  element: HTMLDivElement;
  canvas: HTMLCanvasElement;
  /** Last section per shown entry, reused while neither the mapped mask nor the plane changes. */
  sections: Map<string, { mask: Mask; planeKey: string; section: MaskSection | null }>;
}

/** A section as a one-slice mask (texel (u, v) = voxel (u, v, 0)), for the overlay's texel painter. */
function sectionAsSlice(s: MaskSection): Mask {
  return { data: s.data, size: [s.width, s.height, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] };
}

function overlayCanvas(testId: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.dataset.testid = testId;
  c.className = 'roi-mapped-overlay';
  // read-only: never takes pointer input (drawing tools act on the ROI layer's canvas, for this series' own ROIs)
  Object.assign(c.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
  return c;
}

type VolumeViewportLike = Pick<Types.IVolumeViewport, 'getCamera' | 'worldToCanvas' | 'getAllVolumeIds'>;

/** What the overlay currently shows (tests and the e2e read it through `mappedRoisDebug`). */
export interface MappedRoisSummary {
  targetSeries: string;
  slice: number;
  /** Canvas transform of pixel-index → CSS px on the shown slice (a, b, c, d, e, f), or null before the first image. */
  affine: number[] | null;
  entries: { roiId: string; label: RoiLabel; reader: string; source: string; rule?: MapRule; pending: boolean; targetVoxels?: number; sliceVoxels?: number; error?: string }[];
  notices: string[];
  /** The sagittal / coronal reformats, when the layout has them. */
  reformats: ReformatSummary[];
}

class MappedRoisView {
  private readonly canvas: HTMLCanvasElement;
  private readonly note: HTMLDivElement;
  private readonly unsubscribe: (() => void)[] = [];
  private shown: Shown[] = [];
  private notices: Notice[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly bridge;
  private readonly reformats: Reformat[] = [];

  constructor(private readonly element: HTMLDivElement, readonly target: DisplayTarget, reformatElements: Partial<Record<ReformatName, HTMLDivElement>> = {}) {
    this.canvas = overlayCanvas('roi-mapped-overlay');
    this.note = document.createElement('div');
    this.note.dataset.testid = 'roi-mapped-note';
    this.note.setAttribute('role', 'status');
    Object.assign(this.note.style, {
      position: 'absolute', left: '50%', bottom: '0.3rem', transform: 'translateX(-50%)', maxWidth: '55%', zIndex: '2',
      pointerEvents: 'none', fontSize: '0.72rem', lineHeight: '1.3', color: '#f0f0f0', background: 'rgba(0, 0, 0, 0.6)',
      padding: '0.2rem 0.5rem', borderRadius: '3px', display: 'none', textAlign: 'center',
    });
    element.append(this.canvas, this.note);
    this.bridge = createRoiBridge(element, target.geometry);
    this.unsubscribe.push(this.bridge.subscribe(() => this.redraw()));
    for (const name of ['sagittal', 'coronal'] as const) {
      const el = reformatElements[name];
      if (!el) continue;
      const r: Reformat = { name, element: el, canvas: overlayCanvas(`roi-mapped-overlay-${name}`), sections: new Map() };
      el.append(r.canvas);
      this.reformats.push(r);
      this.unsubscribe.push(subscribeRedraw(el, REFORMAT_EVENTS, () => this.redrawReformat(r)));
    }
    this.unsubscribe.push(useRois.subscribe((s, prev) => {
      if (s.rois !== prev.rois || s.revision !== prev.revision || s.reader !== prev.reader) this.schedule();
    }));
    this.unsubscribe.push(useSettings.subscribe((s, prev) => { if (s.lang !== prev.lang) this.renderNote(); }));
    this.unsubscribe.push(useStudies.subscribe((s, prev) => { if (s.index !== prev.index) this.renderNote(); }));
    this.update();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const u of this.unsubscribe) u();
    this.canvas.remove();
    this.note.remove();
    for (const r of this.reformats) r.canvas.remove();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = null; this.update(); }, DEBOUNCE_MS);
  }

  /** Re-plan which ROIs are shown, start mappings for new or changed sources, repaint. */
  update(): void {
    if (this.disposed) return;
    const t0 = performance.now();
    const { rois, reader } = useRois.getState();
    const shown: Shown[] = [];
    const notices: Notice[] = [];
    const tk = targetKey(this.target);
    for (const roi of Object.values(rois)) {
      if (roi.reader !== reader) continue;
      const plan = planDisplay(roi, this.target);
      if (plan === 'otherFrame' || plan === 'noFrame') {
        const n: Notice = { key: plan === 'otherFrame' ? 'viewer.mapped.otherFrame' : 'viewer.mapped.noFrame', series: seriesName(roi) };
        if (!notices.some((x) => x.key === n.key && x.series === n.series)) notices.push(n);
      }
      if (plan !== 'map') continue;
      const key = `${roi.id}|${tk}`;
      shown.push({ roi, key });
      this.ensureMapped(roi, key);
    }
    this.shown = shown;
    this.notices = notices;
    this.renderNote();
    this.redraw();
    // the page-thread share of showing mapped ROIs (planning, the copy sent to the worker, painting)
    performance.measure('brw:roi-map-main', { start: t0, end: performance.now() });
  }

  private ensureMapped(roi: Roi, key: string): void {
    let c = cache.get(key);
    const changed = !c || c.data !== roi.mask.data || c.modifiedAt !== roi.modifiedAt;
    if (!changed) return;
    if (c?.inFlight) return; // redone when the running mapping returns (update() compares again)
    if (!c) {
      c = { data: roi.mask.data, modifiedAt: stampOf(roi), inFlight: true };
      cache.set(key, c);
      while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    } else {
      c.data = roi.mask.data;
      c.modifiedAt = stampOf(roi);
      c.inFlight = true;
    }
    const entry = c;
    const rule = displayRule(roi.mask, this.target.geometry);
    const t0 = performance.now();
    mapInBackground(roi.mask, this.target.geometry, rule)
      .then((r) => {
        entry.result = { mask: r.mask, rule: r.rule, warnings: r.warnings, targetVoxels: r.targetVoxels };
        entry.error = undefined;
        performance.measure('brw:roi-map', { start: t0, end: performance.now() });
        performance.measure('brw:roi-map-worker', { start: t0, end: t0 + r.workerMs });
      })
      .catch((e: unknown) => { entry.error = e instanceof Error ? e.message : String(e); entry.result = undefined; })
      .finally(() => {
        entry.inFlight = false;
        // the source may have changed while it was mapped: update() compares again and remaps if so
        // (on the view shown now, which may be a new one for the same series)
        view?.update();
      });
  }

  private lang() { return useSettings.getState().lang; }

  private renderNote(): void {
    if (this.disposed) return;
    const lang = this.lang();
    const lines: string[] = [];
    for (const s of this.shown) {
      const c = cache.get(s.key);
      const vars = { label: translate(lang, `roi.label.${s.roi.label}`), reader: translate(lang, s.roi.reader === 'reader 2' ? 'roi.reader2' : 'roi.reader1'), series: seriesName(s.roi) };
      if (c?.error) lines.push(translate(lang, 'viewer.mapped.failed', { ...vars, detail: c.error }));
      else if (!c?.result || c.inFlight) lines.push(translate(lang, 'viewer.mapped.pending', vars));
      else if (c.result.targetVoxels === 0) lines.push(translate(lang, 'viewer.mapped.empty', vars));
      else lines.push(translate(lang, 'viewer.mapped.from', vars));
    }
    if (this.shown.length) lines.push(translate(lang, 'viewer.mapped.readOnly'));
    for (const n of this.notices) lines.push(translate(lang, n.key, { series: n.series }));
    this.note.textContent = '';
    for (const l of lines) { const d = document.createElement('div'); d.textContent = l; this.note.append(d); }
    this.note.style.display = lines.length ? 'block' : 'none';
    this.note.dataset.state = this.shown.some((s) => { const c = cache.get(s.key); return !c?.result || c.inFlight; }) ? 'pending' : 'ready';
  }

  /** Paint the mapped masks' voxels of the shown slice, exactly where they are (same placement as the ROI layer). */
  redraw(): void {
    if (this.disposed) return;
    const c = this.canvas;
    const ctx = clearedOverlayContext(c, this.element);
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const place = this.bridge.placement();
    if (!place) return;
    const k = this.bridge.sliceIndex();
    const A = indexToCanvasAffine(place.p00, place.p10, place.p01);
    for (const s of this.shown) {
      const m = cache.get(s.key)?.result?.mask;
      if (!m || k < 0 || k >= m.size[2]) continue;
      const [nx, ny] = m.size;
      const colour = COLOURS[s.roi.label];
      drawSliceTexels(ctx, maskSliceRgba(m, k, { 1: colour, 2: colour }, FILL_ALPHA, EDGE_ALPHA), nx, ny, A, dpr);
    }
    for (const r of this.reformats) this.redrawReformat(r);
  }

  /** The reformat's volume viewport when it shows the target's own volume (the images the main view shows), else null. */
  private reformatViewport(r: Reformat): VolumeViewportLike | null {
    const vp = getEnabledElement(r.element)?.viewport as Partial<VolumeViewportLike> | undefined;
    const main = getEnabledElement(this.element)?.viewport as { getImageIds?: () => string[] } | undefined;
    const ids = main?.getImageIds?.();
    if (!vp?.getAllVolumeIds || !vp.getCamera || !vp.worldToCanvas || !ids?.length) return null;
    const first = ids[0]!;
    const shows = vp.getAllVolumeIds().some((id) => (csCache.getVolume(id) as { imageIds?: string[] } | undefined)?.imageIds?.includes(first));
    return shows ? (vp as VolumeViewportLike) : null;
  }

  private static planeOf(vp: VolumeViewportLike): ViewPlane | null {
    const cam = vp.getCamera();
    if (!cam.focalPoint || !cam.viewPlaneNormal) return null;
    return { point: [...cam.focalPoint] as Vec3, normal: [...cam.viewPlaneNormal] as Vec3, up: cam.viewUp ? [...cam.viewUp] as Vec3 : undefined };
  }

  /** Each shown ROI's cross-section on the reformat's plane (cached while mask and plane are unchanged). */
  private reformatSections(r: Reformat, plane: ViewPlane): { s: Shown; section: MaskSection }[] {
    const planeKey = [...plane.point, ...plane.normal, ...(plane.up ?? [])].join(',');
    const out: { s: Shown; section: MaskSection }[] = [];
    const live = new Set<string>();
    for (const s of this.shown) {
      const m = cache.get(s.key)?.result?.mask;
      if (!m) continue;
      live.add(s.key);
      let c = r.sections.get(s.key);
      if (!c || c.mask !== m || c.planeKey !== planeKey) {
        c = { mask: m, planeKey, section: maskSection(m, plane) };
        r.sections.set(s.key, c);
      }
      if (c.section && c.section.width * c.section.height > 0) out.push({ s, section: c.section });
    }
    for (const k of r.sections.keys()) if (!live.has(k)) r.sections.delete(k);
    return out;
  }

  /** Paint the mapped masks' cross-sections on one reformat, where the view shows those voxels. */
  private redrawReformat(r: Reformat): void {
    if (this.disposed) return;
    const t0 = performance.now();
    const ctx = clearedOverlayContext(r.canvas, r.element);
    if (!ctx) return;
    const vp = this.reformatViewport(r);
    const plane = vp && MappedRoisView.planeOf(vp);
    if (!vp || !plane) return;
    const dpr = window.devicePixelRatio || 1;
    const sections = this.reformatSections(r, plane);
    for (const { s, section } of sections) {
      const colour = COLOURS[s.roi.label];
      const A = sectionAffine(section, (p) => vp.worldToCanvas(p));
      drawSliceTexels(ctx, maskSliceRgba(sectionAsSlice(section), 0, { 1: colour, 2: colour }, FILL_ALPHA, EDGE_ALPHA), section.width, section.height, A, dpr);
    }
    if (sections.length) performance.measure('brw:roi-map-reformat', { start: t0, end: performance.now() });
  }

  private reformatSummary(r: Reformat): ReformatSummary {
    const vp = this.reformatViewport(r);
    const plane = vp && MappedRoisView.planeOf(vp);
    if (!vp || !plane) return { name: r.name, showsTarget: !!vp, plane: null, sections: [] };
    return {
      name: r.name, showsTarget: true, plane,
      sections: this.reformatSections(r, plane).map(({ s, section }) => ({
        roiId: s.roi.id, kind: section.kind, axis: section.axis, index: section.index, width: section.width, height: section.height,
        voxels: sectionVoxels(section), affine: sectionAffine(section, (p) => vp.worldToCanvas(p)),
      })),
    };
  }

  /** World (patient mm) → CSS px on a reformat's canvas, when it shows the target (e2e checks). */
  worldToCanvas(name: ReformatName, points: Vec3[]): [number, number][] | null {
    const r = this.reformats.find((x) => x.name === name);
    const vp = r && this.reformatViewport(r);
    return vp ? points.map((p) => { const c = vp.worldToCanvas(p); return [c[0], c[1]]; }) : null;
  }

  summary(): MappedRoisSummary {
    const place = this.bridge.placement();
    const k = this.bridge.sliceIndex();
    const lang = this.lang();
    return {
      targetSeries: this.target.seriesInstanceUID,
      slice: k,
      affine: place ? indexToCanvasAffine(place.p00, place.p10, place.p01) : null,
      entries: this.shown.map((s) => {
        const c = cache.get(s.key);
        const r = c?.result;
        return {
          roiId: s.roi.id, label: s.roi.label, reader: s.roi.reader, source: seriesName(s.roi), rule: r?.rule,
          pending: !r || !!c?.inFlight, targetVoxels: r?.targetVoxels, sliceVoxels: r ? sliceVoxels(r.mask, k) : undefined, error: c?.error,
        };
      }),
      notices: this.notices.map((n) => translate(lang, n.key, { series: n.series })),
      reformats: this.reformats.map((r) => this.reformatSummary(r)),
    };
  }
}

let view: MappedRoisView | null = null;

/**
 * Show the study's ROIs drawn on other grids over `groupKey` of `entry` in the main viewport
 * `element` and, when given, in the sagittal / coronal reformat viewports `reformats` (replacing
 * what was shown for the previous series or group).
 */
export function showMappedRois(element: HTMLDivElement, entry: SeriesIndexEntry, groupKey: string, reformats: Partial<Record<ReformatName, HTMLDivElement>> = {}): void {
  const group = entry.groups.find((g) => g.key === groupKey);
  let geometry;
  try { geometry = group ? groupGeometry(entry, group) : null; } catch { geometry = null; }
  const target: DisplayTarget | null = geometry ? { studyInstanceUID: entry.studyInstanceUID, seriesInstanceUID: entry.seriesInstanceUID, groupKey, geometry } : null;
  if (view && target && view.target.seriesInstanceUID === target.seriesInstanceUID && view.target.groupKey === groupKey) return;
  view?.dispose();
  view = target ? new MappedRoisView(element, target, reformats) : null;
}

/** Remove the mapped overlay (nothing open). */
export function clearMappedRois(): void {
  view?.dispose();
  view = null;
}

/** What the mapped overlay shows now, with the source ROI's voxels when asked (e2e checks). */
export function mappedRoisDebug(withSourceVoxels = false): (MappedRoisSummary & { sources?: Record<string, { geometry: Omit<Mask, 'data'>; voxels: [number, number, number][] }> }) | null {
  if (!view) return null;
  const s = view.summary();
  if (!withSourceVoxels) return s;
  const sources: Record<string, { geometry: Omit<Mask, 'data'>; voxels: [number, number, number][] }> = {};
  const rois = useRois.getState().rois;
  for (const e of s.entries) {
    const roi = rois[e.roiId];
    if (!roi) continue;
    const { data, ...geometry } = roi.mask;
    const [nx, ny] = roi.mask.size;
    const voxels: [number, number, number][] = [];
    for (let i = 0; i < data.length; i++) if (data[i]) voxels.push([i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))]);
    sources[e.roiId] = { geometry, voxels };
  }
  return { ...s, sources };
}

/** World (patient mm) → CSS px on the sagittal / coronal view, when it shows the mapped overlay's target (e2e checks). */
export function mappedRoisWorldToCanvas(name: ReformatName, points: Vec3[]): [number, number][] | null {
  return view?.worldToCanvas(name, points) ?? null;
}

if (typeof window !== 'undefined') {
  // read-only view for the browser tests (what the overlay shows, never a way to change it)
  (window as unknown as { __brwMappedRois?: typeof mappedRoisDebug }).__brwMappedRois = mappedRoisDebug;
  (window as unknown as { __brwMappedRoisWorldToCanvas?: typeof mappedRoisWorldToCanvas }).__brwMappedRoisWorldToCanvas = mappedRoisWorldToCanvas;
}
