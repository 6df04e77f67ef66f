/**
 * Runs `mapForDisplay` (src/roi/displayMapping.ts) in a worker, so mapping a large ROI onto
 * another series never blocks the page. Falls back to the page's thread (after a yield) where
 * workers are unavailable (unit tests, Node). Requests carry a copy of the source mask: the ROI
 * itself is never handed over nor changed.
 */
import type { Mask } from '../geometry/volume.ts';
import { mapForDisplay, type MapRule } from '../roi/displayMapping.ts';
import type { Geometry } from '../roi/mapping.ts';

export interface MapRequest { id: number; source: Mask; target: Geometry; rule: MapRule }
export type MapReply =
  | { id: number; data: Uint8Array; rule: MapRule; warnings: string[]; voxelsOutside: number; sourceVoxels: number; targetVoxels: number; ms: number }
  | { id: number; error: string };

export function handleMapRequest(req: MapRequest): MapReply {
  const t = performance.now();
  try {
    const m = mapForDisplay(req.source, req.target, req.rule);
    return { id: req.id, data: m.mask.data, rule: m.rule, warnings: m.warnings, voxelsOutside: m.voxelsOutside, sourceVoxels: m.sourceVoxels, targetVoxels: m.targetVoxels, ms: performance.now() - t };
  } catch (e) {
    return { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
}

export interface MappedResult { mask: Mask; rule: MapRule; warnings: string[]; targetVoxels: number; workerMs: number }

interface WorkerLike { postMessage(m: unknown, t?: Transferable[]): void; onmessage: ((e: MessageEvent<MapReply>) => void) | null; onerror: ((e: ErrorEvent) => void) | null; terminate(): void }

let worker: WorkerLike | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, { resolve: (r: MapReply) => void }>();

function getWorker(): WorkerLike | null {
  if (worker || workerBroken) return worker;
  if (typeof Worker === 'undefined') { workerBroken = true; return null; }
  try {
    worker = new Worker(new URL('./mapRois.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = (e) => { const p = pending.get(e.data.id); pending.delete(e.data.id); p?.resolve(e.data); };
  worker.onerror = (e) => {
    // a worker that cannot start: answer what is pending on the page's thread from now on
    workerBroken = true;
    worker?.terminate();
    worker = null;
    for (const [id, p] of pending) p.resolve({ id, error: `mapping worker failed: ${e.message}` });
    pending.clear();
  };
  return worker;
}

/** Map a copy of `source` onto `target` (off the page's thread when possible). */
export async function mapInBackground(source: Mask, target: Geometry, rule: MapRule): Promise<MappedResult> {
  const id = nextId++;
  // the copy is what crosses to the worker (transferred): the ROI's own buffer stays with the ROI
  const copy: Mask = { ...source, data: source.data.slice(), size: [...source.size], spacing: [...source.spacing], origin: [...source.origin], direction: [...source.direction] };
  const tgt: Geometry = { size: [...target.size], spacing: [...target.spacing], origin: [...target.origin], direction: [...target.direction], frameOfReferenceUID: target.frameOfReferenceUID };
  const req: MapRequest = { id, source: copy, target: tgt, rule };
  const w = getWorker();
  const reply = w
    ? await new Promise<MapReply>((resolve) => { pending.set(id, { resolve }); w.postMessage(req, [copy.data.buffer]); })
    : await new Promise<MapReply>((resolve) => setTimeout(() => resolve(handleMapRequest(req)), 0));
  if ('error' in reply) throw new Error(reply.error);
  const mask: Mask = { data: reply.data, size: [...tgt.size], spacing: [...tgt.spacing], origin: [...tgt.origin], direction: [...tgt.direction], frameOfReferenceUID: tgt.frameOfReferenceUID };
  return { mask, rule: reply.rule, warnings: reply.warnings, targetVoxels: reply.targetVoxels, workerMs: reply.ms };
}
