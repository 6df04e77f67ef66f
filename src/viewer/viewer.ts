/**
 * The viewer: the only module of the app that talks to cornerstone3D. Everything else uses the
 * small typed API below (initViewer, openSeries, setActiveGroup / setActivePhase / setBValue,
 * presets, scroll, cine, state and error callbacks).
 *
 * Layout: the main viewport is a StackViewport showing the series as acquired (axial for breast
 * MR, the B-mode frame for ultrasound). For an MR volume, and only when GPU rendering is active,
 * two ORTHOGRAPHIC VolumeViewports show the sagittal and coronal reformats of the same group.
 * With CPU rendering cornerstone refuses volume viewports (stack notes §3.3), so only the stack
 * is shown and `layoutFor` says why.
 *
 * Local files: each file a group needs is registered once with `wadouri.fileManager.add(file)`
 * (image ID `dicomfile:N`) and its header given to the metadata provider with
 * `addDicomPart10Instance` (stack notes §4); image IDs come from the index's FrameRefs.
 */
import {
  cache,
  Enums,
  eventTarget,
  getRenderingCapabilities,
  getShouldUseCPURendering,
  imageLoader,
  init as coreInit,
  RenderingEngine,
  setUseCPURendering,
  setVolumesForViewports,
  volumeLoader,
  type StackViewport,
  type Types,
} from '@cornerstonejs/core';
import { init as loaderInit, wadouri } from '@cornerstonejs/dicom-image-loader';
import { utilities as metadataUtilities } from '@cornerstonejs/metadata';
import {
  addTool,
  Enums as ToolEnums,
  init as toolsInit,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  utilities as toolUtilities,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { SeriesIndexEntry, VolumeGroup } from '../dicom/types.ts';
import { frameImageId, groupPaths, multiFramePaths } from './imageIds.ts';
import { describeFailure, ImageLoadError, withTimeout } from './loadTimeout.ts';
import { clearMappedRois, showMappedRois } from './mappedRois.ts';
import { registerJpeg12Fix } from './jpeg12Loader.ts';
import { isVolumeLike, slicePositionMm } from './sliceGeometry.ts';
import { thumbnailRgba } from './thumbnailPixels.ts';
import { minimalPart10 } from './warmUp.ts';
import { intensityStats, mrPresets, toWindowLevel, usPresets, type IntensityStats, type Preset, type PresetKey, type VoiRange } from './windowPresets.ts';

/** How long one image may take to decode before the viewer reports it as failed. */
const LOAD_TIMEOUT_MS = 20_000;
const ENGINE_ID = 'brw-engine';
export const VIEWPORT_IDS = { main: 'brw-main', sagittal: 'brw-sagittal', coronal: 'brw-coronal' } as const;
export type ViewportName = keyof typeof VIEWPORT_IDS;
const STACK_TOOLS = 'brw-stack-tools';
const VOLUME_TOOLS = 'brw-volume-tools';

export interface ViewerCapabilities {
  cpu: boolean;
  webgl2: boolean;
  renderer?: string;
}

export interface ViewerLayout {
  /** 'stack': one viewport; 'mpr': the stack plus sagittal and coronal volume reformats. */
  mode: 'stack' | 'mpr';
  /** Why an MR volume is shown as a stack only (CPU rendering), for a visible notice. */
  notice?: 'cpuNoVolume';
}

/** What the overlay shows; emitted on every slice, W/L, zoom or group change. */
export interface ViewerState {
  seriesInstanceUID: string;
  groupKey: string;
  sliceIndex: number;
  sliceCount: number;
  /** Position along the slice normal (mm), when the frame is placed. */
  positionMm?: number;
  windowWidth?: number;
  windowCenter?: number;
  /** Displayed zoom relative to fit (1 = as opened). */
  zoom?: number;
  cine: { playing: boolean; fps: number };
  /** Whether the image is colour (RGB/YBR/palette), shown as acquired without W/L. */
  color: boolean;
  presets: { key: PresetKey; name: Preset['name'] }[];
  /** Time from a group switch to its image on screen (ms), for the phase-switch figure. */
  lastSwitchMs?: number;
  /** The group whose volume the sagittal/coronal views show (they load after the first image). */
  reformatsGroup?: string;
}

export interface LoadFailure { file: string; reason: string }

type Listener<T> = (v: T) => void;

interface OpenSeries {
  entry: SeriesIndexEntry;
  groupKey: string;
  layout: ViewerLayout;
  elements: Partial<Record<ViewportName, HTMLDivElement>>;
  stats?: IntensityStats;
  custom?: VoiRange;
  cine: { playing: boolean; fps: number };
  color: boolean;
  lastSwitchMs?: number;
  reformatsGroup?: string;
  /** Incremented on each open/switch so late async work for an older request is dropped. */
  generation: number;
}

let initialised = false;
let capabilities: ViewerCapabilities = { cpu: false, webgl2: false };
let engine: RenderingEngine | null = null;
let fileSource: (path: string) => File | undefined = () => undefined;
/** File path → registered base image ID (`dicomfile:N`). */
const baseIds = new Map<string, string>();
/** File path → its header registration with the metadata provider (done or in progress). */
const registered = new Map<string, Promise<void>>();
/** Image ID → file path, to name the file in decode errors. */
const imageIdPath = new Map<string, string>();
const enabled = new Map<string, HTMLDivElement>();
let current: OpenSeries | null = null;
let generation = 0;
const stateListeners = new Set<Listener<ViewerState>>();
const failureListeners = new Set<Listener<LoadFailure>>();
const reportedFailures = new Set<string>();
let stateFrame = 0;

/**
 * Start cornerstone (idempotent). `cpu: true` forces CPU rendering (the `?cpu=1` test mode);
 * cornerstone also falls back to CPU on its own when WebGL is unavailable.
 */
export function initViewer(opts: { cpu?: boolean } = {}): ViewerCapabilities {
  if (initialised) return capabilities;
  coreInit(opts.cpu ? { rendering: { useCPURendering: true }, debug: {} } : undefined);
  if (opts.cpu) setUseCPURendering(true);
  // One decode worker per two cores, at least one (stack notes §4); never starve the UI thread.
  loaderInit({ maxWebWorkers: Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)) });
  // 12-bit JPEG Extended: the loader's decoder adds 15 to every sample (jpeg12Fix.ts)
  registerJpeg12Fix();
  toolsInit();
  for (const T of [WindowLevelTool, ZoomTool, PanTool, StackScrollTool]) addTool(T);
  for (const id of [STACK_TOOLS, VOLUME_TOOLS]) {
    const g = ToolGroupManager.createToolGroup(id);
    if (!g) continue;
    for (const T of [WindowLevelTool, ZoomTool, PanTool, StackScrollTool]) g.addTool(T.toolName);
    g.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    g.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    g.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    g.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  }
  engine = new RenderingEngine(ENGINE_ID);
  const caps = getRenderingCapabilities() as { webgl2?: boolean; renderer?: string };
  capabilities = { cpu: getShouldUseCPURendering(), webgl2: !!caps.webgl2, renderer: caps.renderer };
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, onImageLoadFailed as EventListener);
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, onImageLoadFailed as EventListener);
  initialised = true;
  // Pay the header parser's one-off set-up now, while the user picks files (warmUp.ts).
  setTimeout(() => { metadataUtilities.addDicomPart10Instance('brwwarmup:0', minimalPart10()).catch(() => {}); }, 0);
  return capabilities;
}

/**
 * Enable the main (stack) viewport on its element before any series is opened, so the first
 * image does not also pay for creating the viewport.
 */
export function attachMainViewport(element: HTMLDivElement): void {
  initViewer();
  if (enabled.get(VIEWPORT_IDS.main) === element) return;
  syncViewports({ ...Object.fromEntries([...enabled].map(([id, el]) => [nameOf(id), el])), main: element });
  // Pay the first canvas sizing (WebGL set-up) now rather than with the first image.
  setTimeout(() => resizeIfChanged(true), 0);
}

function nameOf(viewportId: string): ViewportName {
  return (Object.entries(VIEWPORT_IDS) as [ViewportName, string][]).find(([, id]) => id === viewportId)![0];
}

export function isCpuRendering(): boolean {
  return initialised ? getShouldUseCPURendering() : false;
}

/** Where the viewer finds the File behind an index path (the studies store holds them). */
export function setFileSource(resolve: (path: string) => File | undefined): void {
  fileSource = resolve;
}

export function onViewerState(cb: Listener<ViewerState>): () => void {
  stateListeners.add(cb);
  return () => stateListeners.delete(cb);
}

/** Decode failures, each naming its file; reported once per file and reason. */
export function onLoadFailure(cb: Listener<LoadFailure>): () => void {
  failureListeners.add(cb);
  return () => failureListeners.delete(cb);
}

/**
 * ROI annotations changed. TODO(roi, next issue): wire cornerstone's ANNOTATION_COMPLETED /
 * MODIFIED / REMOVED events here; until then no annotation tool is active and this never fires.
 */
export function onAnnotationChanged(cb: Listener<{ seriesInstanceUID: string; groupKey: string }>): () => void {
  void cb;
  return () => {};
}

/** Which viewports a group needs: the three-view MPR for MR volumes on the GPU, otherwise the stack. */
export function layoutFor(entry: SeriesIndexEntry, groupKey: string): ViewerLayout {
  const group = findGroup(entry, groupKey);
  const volumeKind = entry.kind === 'dce' || entry.kind === 'dwi' || entry.kind === 'mr';
  if (!volumeKind || !isVolumeLike(group.frames)) return { mode: 'stack' };
  if (isCpuRendering()) return { mode: 'stack', notice: 'cpuNoVolume' };
  return { mode: 'mpr' };
}

function findGroup(entry: SeriesIndexEntry, groupKey: string): VolumeGroup {
  const g = entry.groups.find((x) => x.key === groupKey);
  if (!g) throw new Error(`series ${entry.seriesInstanceUID} has no group "${groupKey}"`);
  return g;
}

function report(file: string, reason: string): void {
  const key = `${file}\u0000${reason}`;
  if (reportedFailures.has(key)) return;
  reportedFailures.add(key);
  for (const cb of failureListeners) cb({ file, reason });
}

function onImageLoadFailed(evt: CustomEvent<{ imageId?: string; error?: unknown }>): void {
  const id = evt.detail?.imageId;
  if (!id) return;
  report(imageIdPath.get(id) ?? id, describeFailure(evt.detail?.error ?? evt.detail));
}

/**
 * The loader's image ID of a file (`wadouri.fileManager.add`, synchronous and cheap: the File is
 * only referenced). Its header still has to reach the metadata provider (`ensureMeta`) before
 * cornerstone can display it.
 */
function baseIdFor(path: string): string {
  const done = baseIds.get(path);
  if (done) return done;
  const file = fileSource(path);
  if (!file) throw new ImageLoadError(path, 'the file is no longer available in this tab');
  const id = wadouri.fileManager.add(file);
  baseIds.set(path, id);
  return id;
}

/** Give a file's header to the metadata provider (once); the whole file is read and parsed. */
function ensureMeta(path: string): Promise<void> {
  const done = registered.get(path);
  if (done) return done;
  const p = (async () => {
    const id = baseIdFor(path);
    const file = fileSource(path)!;
    try {
      const buf = await file.arrayBuffer();
      const t = performance.now();
      await metadataUtilities.addDicomPart10Instance(id, buf);
      performance.measure('brw:header-parse', { start: t, end: performance.now() });
    } catch (e) {
      throw new ImageLoadError(path, `header could not be read for display: ${describeFailure(e)}`);
    }
  })();
  registered.set(path, p);
  p.catch(() => registered.delete(path));
  return p;
}

/** Image IDs of a group in frame order (files that are gone are reported and skipped). */
function imageIdsFor(entry: SeriesIndexEntry, group: VolumeGroup): { ids: string[]; paths: string[] } {
  const multi = multiFramePaths(entry);
  const ids: string[] = [];
  const paths: string[] = [];
  for (const f of group.frames) {
    let base: string;
    try {
      base = baseIdFor(f.path);
    } catch (e) {
      if (e instanceof ImageLoadError) report(e.file, e.reason);
      continue;
    }
    const id = frameImageId(base, f, multi.has(f.path));
    imageIdPath.set(id, f.path);
    ids.push(id);
    paths.push(f.path);
  }
  if (ids.length === 0) throw new ImageLoadError(group.frames[0]?.path ?? entry.description, 'none of the files of this series is available');
  return { ids, paths };
}

/** Register the headers of every file of a group, 8 at a time, reporting failures by file. */
async function ensureGroupMeta(paths: readonly string[], gen: number): Promise<void> {
  const unique = groupPaths(paths.map((path) => ({ path, sopInstanceUID: '', frame: 0 })));
  for (let i = 0; i < unique.length; i += 8) {
    if (gen !== generation) return;
    const batch = unique.slice(i, i + 8);
    const results = await Promise.allSettled(batch.map(ensureMeta));
    results.forEach((r, j) => { if (r.status === 'rejected') report(batch[j], describeFailure(r.reason)); });
    await yieldToUi();
  }
}

function yieldToUi(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * Background work after the first image, one step at a time so the page stays responsive:
 * 0 the open group's remaining headers, 1 thumbnails, 2 the volume for the reformats,
 * 3 headers and decoding of the other groups (for instant phase / b-value switches).
 */
const PRIORITY = { currentGroup: 0, thumbnail: 1, volume: 2, prefetch: 3 } as const;
const tasks: { priority: number; seq: number; run: () => Promise<void> }[] = [];
let taskSeq = 0;
let pumping = false;

function schedule(priority: number, run: () => Promise<void>): void {
  tasks.push({ priority, seq: taskSeq++, run });
  tasks.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
  void pump();
}

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    while (tasks.length) {
      const t = tasks.shift()!;
      try {
        await t.run();
      } catch (e) {
        if (e instanceof ImageLoadError) report(e.file, e.reason);
      }
      await yieldToUi();
    }
  } finally {
    pumping = false;
  }
}

/** Queue the background work for the open group `group` of `entry` (see PRIORITY). */
function scheduleBackground(entry: SeriesIndexEntry, group: VolumeGroup, ids: string[], paths: string[], gen: number): void {
  schedule(PRIORITY.currentGroup, () => ensureGroupMeta(paths, gen));
  if (current?.layout.mode === 'mpr') {
    schedule(PRIORITY.volume, async () => {
      if (gen !== generation || !current) return;
      syncViewports(current.elements);
      resizeIfChanged(true);
      await showVolume(entry, group, ids, gen).catch((e: unknown) => report(paths[0], describeFailure(e)));
    });
  }
  // Other groups, nearest first (the phases next to the open one are the likeliest next).
  const at = entry.groups.indexOf(group);
  const others = entry.groups
    .map((g, i) => ({ g, d: Math.abs(i - at) }))
    .filter((x) => x.g !== group)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.g);
  for (const g of [group, ...others]) {
    schedule(PRIORITY.prefetch, async () => {
      if (gen !== generation) return;
      let o: { ids: string[]; paths: string[] };
      try { o = imageIdsFor(entry, g); } catch { return; }
      await ensureGroupMeta(o.paths, gen);
      for (let i = 0; i < o.ids.length; i++) {
        if (gen !== generation) return;
        await loadImage(o.ids[i]).catch((e: unknown) => { if (e instanceof ImageLoadError) report(e.file, e.reason); });
      }
    });
  }
}

function getEngine(): RenderingEngine {
  if (!engine) throw new Error('viewer: initViewer() was not called');
  return engine;
}

/** Enable exactly the viewports of `elements` (disabling others), each in its tool group. */
function syncViewports(elements: Partial<Record<ViewportName, HTMLDivElement>>): void {
  const eng = getEngine();
  for (const [name, vpId] of Object.entries(VIEWPORT_IDS) as [ViewportName, string][]) {
    const el = elements[name];
    const prev = enabled.get(vpId);
    if (prev && prev !== el) {
      ToolGroupManager.getToolGroup(name === 'main' ? STACK_TOOLS : VOLUME_TOOLS)?.removeViewports(ENGINE_ID, vpId);
      eng.disableElement(vpId);
      enabled.delete(vpId);
    }
    if (el && prev !== el) {
      el.oncontextmenu = (e) => e.preventDefault();
      if (name === 'main') {
        eng.enableElement({ viewportId: vpId, element: el, type: Enums.ViewportType.STACK, defaultOptions: { background: [0, 0, 0] } });
      } else {
        eng.enableElement({
          viewportId: vpId,
          element: el,
          type: Enums.ViewportType.ORTHOGRAPHIC,
          defaultOptions: { orientation: name === 'sagittal' ? Enums.OrientationAxis.SAGITTAL : Enums.OrientationAxis.CORONAL, background: [0, 0, 0] },
        });
      }
      ToolGroupManager.getToolGroup(name === 'main' ? STACK_TOOLS : VOLUME_TOOLS)?.addViewport(vpId, ENGINE_ID);
      enabled.set(vpId, el);
      if (name === 'main') attachStateEvents(el);
    }
  }
}

function mainViewport(): StackViewport | undefined {
  if (!engine || !enabled.has(VIEWPORT_IDS.main)) return undefined;
  return engine.getViewport(VIEWPORT_IDS.main) as StackViewport | undefined;
}

const attachedElements = new WeakSet<HTMLDivElement>();
function attachStateEvents(el: HTMLDivElement): void {
  if (attachedElements.has(el)) return;
  attachedElements.add(el);
  const schedule = () => scheduleState();
  for (const ev of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.CAMERA_MODIFIED, Enums.Events.IMAGE_RENDERED]) el.addEventListener(ev, schedule);
  el.addEventListener(Enums.Events.VOI_MODIFIED, () => {
    // Presets are applied with events suppressed, so a VOI event is the user's own drag: keep it as "custom".
    const vp = mainViewport();
    const r = vp?.getProperties().voiRange;
    if (current && r) current.custom = { lower: r.lower, upper: r.upper };
    scheduleState();
  });
}

function scheduleState(): void {
  if (stateFrame) return;
  stateFrame = requestAnimationFrame(() => {
    stateFrame = 0;
    const s = viewerState();
    if (s) for (const cb of stateListeners) cb(s);
  });
}

/** The overlay state of the open series, or null when nothing is open. */
export function viewerState(): ViewerState | null {
  const vp = mainViewport();
  if (!current || !vp) return null;
  const group = findGroup(current.entry, current.groupKey);
  const ids = vp.getImageIds();
  const idx = vp.getCurrentImageIdIndex();
  const frame = group.frames[Math.min(idx, group.frames.length - 1)];
  const voi = vp.getProperties().voiRange;
  const wl = voi ? toWindowLevel(voi) : undefined;
  let zoom: number | undefined;
  try { zoom = vp.getZoom(); } catch { zoom = undefined; }
  return {
    seriesInstanceUID: current.entry.seriesInstanceUID,
    groupKey: current.groupKey,
    sliceIndex: idx,
    sliceCount: ids.length,
    positionMm: frame ? slicePositionMm(frame) : undefined,
    windowWidth: current.color ? undefined : wl?.width,
    windowCenter: current.color ? undefined : wl?.center,
    zoom,
    cine: { ...current.cine },
    color: current.color,
    presets: current.color ? [] : presetsFor(current).map(({ key, name }) => ({ key, name })),
    lastSwitchMs: current.lastSwitchMs,
    reformatsGroup: current.reformatsGroup,
  };
}

function presetsFor(o: OpenSeries): Preset[] {
  const stats = o.stats ?? intensityStats([0, 255]);
  return o.entry.kind === 'us' ? usPresets(stats, o.custom) : mrPresets(stats, o.custom);
}

function updateStats(vp: StackViewport): void {
  if (!current) return;
  try {
    const img = vp.getCornerstoneImage();
    current.color = !!img?.color;
    if (img && !img.color) current.stats = intensityStats(img.getPixelData());
  } catch {
    /* stats are only for presets; keep the previous ones */
  }
}

/** Load one image with the timeout, naming its file when it fails. */
function loadImage(id: string): Promise<unknown> {
  return withTimeout(imageLoader.loadAndCacheImage(id), LOAD_TIMEOUT_MS, imageIdPath.get(id) ?? id);
}

/**
 * Show `groupKey` of `entry` in the given viewport elements (main required; sagittal and coronal
 * for the 'mpr' layout). Resolves when the first image is on screen; volumes for the reformats and
 * the other groups' images keep loading in the background. Rejects with an ImageLoadError naming
 * the file when the first image cannot be decoded.
 */
export async function openSeries(
  entry: SeriesIndexEntry,
  groupKey: string,
  elements: Partial<Record<ViewportName, HTMLDivElement>>,
): Promise<void> {
  initViewer();
  const gen = ++generation;
  stopCine();
  // the previous series' mapped overlay would be placed with its own grid over the new images
  clearMappedRois();
  const layout = layoutFor(entry, groupKey);
  const use = layout.mode === 'mpr' ? elements : { main: elements.main };
  if (!use.main) throw new Error('openSeries: the main viewport element is missing');
  const tv = performance.now();
  // Only the main viewport before the first image; the reformat views are enabled in the background.
  syncViewports({ main: use.main });
  // The layout may have just changed (one view ↔ three): size the canvases to their elements now,
  // so the new image is fitted to the real viewport, not to the previous layout's size.
  resizeIfChanged(false);
  performance.measure('brw:open:viewports', { start: tv, end: performance.now() });
  current = { entry, groupKey, layout, elements: use, cine: { playing: false, fps: 15 }, color: false, generation: gen };
  const group = findGroup(entry, groupKey);
  const { ids, paths } = imageIdsFor(entry, group);
  const t0 = performance.now();
  const mid = Math.floor(ids.length / 2);
  // Only the shown file before the first image; the rest of the headers in the background.
  await ensureMeta(paths[mid]).catch((e: unknown) => {
    if (e instanceof ImageLoadError) report(e.file, e.reason);
    throw e;
  });
  if (gen !== generation) return;
  const tMeta = performance.now();
  await loadImage(ids[mid]).catch((e: unknown) => {
    if (e instanceof ImageLoadError) report(e.file, e.reason);
    throw e;
  });
  if (gen !== generation) return;
  const tDecoded = performance.now();
  const vp = mainViewport()!;
  await vp.setStack(ids, mid);
  if (gen !== generation) return;
  updateStats(vp);
  vp.render();
  // Where the time to the first image goes (read by the e2e test and the viewer bench).
  performance.measure('brw:open:headers', { start: t0, end: tMeta });
  performance.measure('brw:open:decode', { start: tMeta, end: tDecoded });
  performance.measure('brw:open:display', { start: tDecoded, end: performance.now() });
  scheduleState();
  // the study's ROIs drawn on other grids, read-only and mapped through patient coordinates, in every view (mappedRois.ts)
  showMappedRois(use.main, entry, groupKey, { sagittal: use.sagittal, coronal: use.coronal });
  scheduleBackground(entry, group, ids, paths, gen);
}

/** The part of cornerstone's streaming image volume the viewer uses. */
interface StreamingVolume { load(): void; loadStatus?: { loaded: boolean } }

function volumeIdFor(entry: SeriesIndexEntry, group: VolumeGroup): string {
  return `cornerstoneStreamingImageVolume:brw-${entry.seriesInstanceUID}-${group.key}`;
}

async function showVolume(entry: SeriesIndexEntry, group: VolumeGroup, ids: string[], gen: number): Promise<void> {
  const volumeId = volumeIdFor(entry, group);
  let volume = cache.getVolume(volumeId) as unknown as StreamingVolume | undefined;
  if (!volume) {
    volume = (await volumeLoader.createAndCacheVolume(volumeId, { imageIds: ids })) as unknown as StreamingVolume;
    volume.load();
  }
  // Keep the previous reformats on screen until this volume is complete (a half-streamed volume
  // shows as stripes), at most LOAD_TIMEOUT_MS.
  const end = performance.now() + LOAD_TIMEOUT_MS;
  while (volume.loadStatus && !volume.loadStatus.loaded && performance.now() < end) {
    if (gen !== generation) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (gen !== generation || !engine) return;
  const vpIds = [VIEWPORT_IDS.sagittal, VIEWPORT_IDS.coronal].filter((id) => enabled.has(id));
  if (!vpIds.length) return;
  await setVolumesForViewports(engine, [{ volumeId }], vpIds);
  for (const id of vpIds) {
    const v = engine.getViewport(id);
    v?.resetCamera();
    v?.render();
  }
  if (current) current.reformatsGroup = group.key;
  scheduleState();
}

/**
 * Switch the open series to another group (DCE phase, b-value) keeping slice, zoom, pan and W/L.
 * Resolves when the new group's image is on screen; the time taken is kept in `lastSwitchMs`.
 */
export async function setActiveGroup(groupKey: string): Promise<void> {
  const o = current;
  const vp = mainViewport();
  if (!o || !vp || o.groupKey === groupKey) return;
  const t0 = performance.now();
  const gen = ++generation;
  o.generation = gen;
  const group = findGroup(o.entry, groupKey);
  const { ids, paths } = imageIdsFor(o.entry, group);
  const idx = Math.min(vp.getCurrentImageIdIndex(), ids.length - 1);
  await ensureMeta(paths[idx]);
  const tMeta = performance.now();
  await loadImage(ids[idx]);
  if (gen !== generation) return;
  performance.measure('brw:switch:headers', { start: t0, end: tMeta });
  performance.measure('brw:switch:decode', { start: tMeta, end: performance.now() });
  const camera = vp.getCamera();
  const voi = vp.getProperties().voiRange;
  o.groupKey = groupKey;
  await vp.setStack(ids, idx);
  if (gen !== generation) return;
  vp.setCamera(camera);
  if (voi && !o.color) vp.setProperties({ voiRange: voi }, true);
  vp.render();
  o.lastSwitchMs = performance.now() - t0;
  performance.measure('brw:group-switch', { start: t0, end: t0 + o.lastSwitchMs });
  scheduleState();
  const mainEl = enabled.get(VIEWPORT_IDS.main);
  if (mainEl) showMappedRois(mainEl, o.entry, groupKey, { sagittal: o.elements.sagittal, coronal: o.elements.coronal });
  scheduleBackground(o.entry, group, ids, paths, gen);
}

/** Switch to DCE phase k (0 = pre-contrast). */
export function setActivePhase(k: number): Promise<void> {
  const g = current?.entry.groups.find((x) => x.phaseIndex === k);
  return g ? setActiveGroup(g.key) : Promise.resolve();
}

/** Switch to the DWI volume with b-value `b` (s/mm²). */
export function setBValue(b: number): Promise<void> {
  const g = current?.entry.groups.find((x) => x.bValue === b);
  return g ? setActiveGroup(g.key) : Promise.resolve();
}

/** Apply W/L preset 1–5 to the main viewport (no effect on colour images, shown as acquired). */
export function applyPreset(key: PresetKey): void {
  const vp = mainViewport();
  if (!current || !vp || current.color) return;
  const p = presetsFor(current).find((x) => x.key === key);
  if (!p) return;
  vp.setProperties({ voiRange: p.range }, true);
  vp.render();
  scheduleState();
}

/** Scroll the main viewport by `delta` slices / frames. */
export function scrollSlices(delta: number): void {
  mainViewport()?.scroll(delta);
}

/** R: back to the opening zoom, pan and W/L. */
export function resetView(): void {
  const vp = mainViewport();
  if (!vp) return;
  vp.resetCamera();
  vp.resetProperties();
  vp.render();
  for (const id of [VIEWPORT_IDS.sagittal, VIEWPORT_IDS.coronal]) {
    if (enabled.has(id)) { const v = getEngine().getViewport(id); v?.resetCamera(); v?.render(); }
  }
  scheduleState();
}

/** C: start or stop cine on the main viewport; only for more than one frame. */
export function toggleCine(fps?: number): void {
  const vp = mainViewport();
  const el = enabled.get(VIEWPORT_IDS.main);
  if (!current || !vp || !el || vp.getImageIds().length < 2) return;
  if (current.cine.playing) stopCine();
  else {
    current.cine = { playing: true, fps: fps ?? current.cine.fps };
    toolUtilities.cine.playClip(el, { framesPerSecond: current.cine.fps, loop: true });
  }
  scheduleState();
}

function stopCine(): void {
  const el = enabled.get(VIEWPORT_IDS.main);
  if (current?.cine.playing && el) toolUtilities.cine.stopClip(el);
  if (current) current.cine = { ...current.cine, playing: false };
}

/** Call when the viewport elements change size. */
export function resizeViewports(): void {
  resizeIfChanged(true);
}

/** Element sizes the canvases were last fitted to (resizing costs a GPU round trip: skip when unchanged). */
const fittedSizes = new Map<string, string>();

function resizeIfChanged(keepCamera: boolean): void {
  if (!engine || !enabled.size) return;
  let changed = false;
  for (const [id, el] of enabled) {
    const size = `${el.clientWidth}x${el.clientHeight}`;
    if (fittedSizes.get(id) !== size) { fittedSizes.set(id, size); changed = true; }
  }
  if (!changed) return;
  const t = performance.now();
  engine.resize(true, keepCamera);
  performance.measure('brw:resize', { start: t, end: performance.now() });
}

/**
 * Draw the middle frame of a group into a small canvas (series browser thumbnails). The frame is
 * decoded through the image cache and down-sampled here (thumbnailPixels.ts): no rendering engine,
 * so thumbnails never compete with the viewports' WebGL context.
 */
export async function renderThumbnail(canvas: HTMLCanvasElement, entry: SeriesIndexEntry, groupKey: string): Promise<void> {
  initViewer();
  const group = findGroup(entry, groupKey);
  const frame = group.frames[Math.floor(group.frames.length / 2)];
  if (!frame) return;
  const image = await new Promise<Types.IImage>((resolve, reject) => {
    schedule(PRIORITY.thumbnail, async () => {
      try {
        await ensureMeta(frame.path);
        const id = frameImageId(baseIdFor(frame.path), frame, multiFramePaths(entry).has(frame.path));
        imageIdPath.set(id, frame.path);
        resolve((await loadImage(id)) as Types.IImage);
      } catch (e) {
        reject(e);
      }
    });
  });
  const pixels = image.getPixelData() as ArrayLike<number>;
  const samples = Math.round(pixels.length / (image.width * image.height));
  let voi: VoiRange;
  const wc = Array.isArray(image.windowCenter) ? image.windowCenter[0] : image.windowCenter;
  const ww = Array.isArray(image.windowWidth) ? image.windowWidth[0] : image.windowWidth;
  if (image.color) voi = { lower: 0, upper: 255 };
  else if (typeof wc === 'number' && typeof ww === 'number' && ww > 0) voi = { lower: wc - ww / 2, upper: wc + ww / 2 };
  else {
    const s = intensityStats(pixels);
    voi = { lower: s.min, upper: s.max };
  }
  // Stored values → modality values for the window (rescale slope/intercept), as cornerstone does.
  const slope = image.slope ?? 1;
  const intercept = image.intercept ?? 0;
  const prescaled = !!(image as { preScale?: { scaled?: boolean } }).preScale?.scaled;
  const src = image.color || prescaled ? pixels : slope === 1 && intercept === 0 ? pixels : Float32Array.from(pixels as ArrayLike<number>, (v) => v * slope + intercept);
  const rgba = thumbnailRgba(
    { pixels: src, width: image.width, height: image.height, samples: (samples === 3 || samples === 4 ? samples : 1) as 1 | 3 | 4, voi, invert: image.invert },
    canvas.width,
    canvas.height,
  );
  canvas.getContext('2d')?.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, canvas.width, canvas.height), 0, 0);
}

/**
 * The values of the image on the main viewport as cornerstone holds them (stored values, or
 * modality values when the loader pre-scaled them), for the e2e checks against reference decoders.
 */
export function mainImageValues(): { imageId: string; width: number; height: number; values: number[]; preScaled: boolean; slope: number; intercept: number; voi?: VoiRange } | null {
  const vp = mainViewport();
  const img = vp?.getCornerstoneImage();
  if (!vp || !img) return null;
  const prescaled = !!(img as { preScale?: { scaled?: boolean } }).preScale?.scaled;
  const voi = vp.getProperties().voiRange;
  return {
    imageId: img.imageId, width: img.width, height: img.height, values: Array.from(img.getPixelData() as ArrayLike<number>),
    preScaled: prescaled, slope: img.slope ?? 1, intercept: img.intercept ?? 0, voi: voi && { lower: voi.lower, upper: voi.upper },
  };
}
if (typeof window !== 'undefined') (window as unknown as { __brwMainImage?: typeof mainImageValues }).__brwMainImage = mainImageValues;

/** RGBA pixels currently shown by a viewport (tests and screenshots use them to check rendering). */
export function getViewportPixels(name: ViewportName = 'main'): { width: number; height: number; data: Uint8ClampedArray } | null {
  if (!engine || !enabled.has(VIEWPORT_IDS[name])) return null;
  const canvas = (engine.getViewport(VIEWPORT_IDS[name]) as Types.IViewport).getCanvas();
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  return { width: canvas.width, height: canvas.height, data: ctx.getImageData(0, 0, canvas.width, canvas.height).data };
}
