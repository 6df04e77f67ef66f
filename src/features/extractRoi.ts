/**
 * "Extract features" for one ROI on one indexed series group, off the main thread:
 *
 *  1. read the group's voxels with the DICOM reader (`readFrames`: native and RLE pixel data in
 *     pure TS; JPEG, JPEG-LS, JPEG 2000 and HTJ2K through cornerstone's decoders, loaded on first
 *     use; a syntax without a decoder gives an error naming the file and syntax, kind 'compressed');
 *  2. put the ROI on the image grid: used as is when its geometry equals the image's, otherwise
 *     carried through patient coordinates with `mapMask` (nearest neighbour, or majority of
 *     3×3×3 samples when the image voxels are coarser than the ROI's, e.g. a DCE ROI on DWI),
 *     and a note says so. Frames without patient coordinates (ultrasound) share only their pixel
 *     grid: an ROI of the same size is used pixel for pixel with the image's spacing (noted);
 *  3. ultrasound (Study B, on by default for `kind: 'us'`): the reader already gives luminance
 *     (ITU-R BT.601) for colour frames; image and ROI are cropped to the calibrated region that
 *     holds the ROI, and the grey levels are linearly standardised to 0–600
 *     (v' = 600·(v − min)/(max − min) over the cropped image, src/radiomics/ultrasound.ts);
 *  4. run the extraction in radiomics workers with the chosen parameters (`extractParallel`: the
 *     derived images shared over `workers` workers, default the machine's cores up to 4, merged
 *     into exactly the single-extraction record). The image buffer read in step 1 is ours and is
 *     transferred; the ROI mask belongs to the annotations store, so it is always copied.
 *
 * Errors are values the panel can show: `FeatureInputError` (with a `kind`) for what is wrong
 * with the input, and the extractor's own messages (ROI too small, label absent, …) otherwise.
 */
import { sameGeometry, type Mask, type Volume } from '../geometry/volume.ts';
import type { SeriesIndexEntry, SourceFile, UltrasoundRegion, VolumeGroup } from '../dicom/types.ts';
import { readFrames } from '../dicom/pixels.ts';
import { mapMask } from '../roi/mapping.ts';
import { extractParallel, type ExtractResult, type WorkerLike } from '../radiomics/extractInWorker.ts';
import type { ExtractProgress } from '../radiomics/extractor.ts';
import type { ExtractionParams } from '../radiomics/settings.ts';
import { cropFrameVolumeToRegion, standardiseGreyLevels } from '../radiomics/ultrasound.ts';

export type FeatureErrorKind = 'compressed' | 'emptyRoi' | 'roiTooSmall' | 'geometry' | 'cancelled' | 'files' | 'other';

export class FeatureInputError extends Error {
  constructor(message: string, readonly kind: FeatureErrorKind) {
    super(message);
    this.name = 'FeatureInputError';
  }
}

/** The ROI as extraction needs it (a `Roi` of src/roi/roi.ts fits). */
export interface RoiForExtraction {
  id: string;
  reader: string;
  label: string;
  /** Volume group key the ROI was drawn on. */
  groupKey: string;
  seriesInstanceUID: string;
  mask: Mask;
}

export interface UltrasoundOptions {
  /** Crop to the calibrated region and standardise (default: true for ultrasound series). */
  enabled: boolean;
  /** Target grey range (Study B: [0, 600]). */
  target: [number, number];
}

export interface ExtractRoiInput {
  entry: SeriesIndexEntry;
  group: VolumeGroup;
  /** The files of the group's frames, by the paths in `group.frames` (see filesFromMap). */
  files: (paths: readonly string[]) => SourceFile[] | Promise<SourceFile[]>;
  roi: RoiForExtraction;
  params: ExtractionParams;
  ultrasound?: UltrasoundOptions;
  onProgress?: (p: ExtractProgress) => void;
  /** Tests pass an in-process stand-in; the browser uses workers/radiomics.worker.ts. */
  makeWorker?: () => WorkerLike;
  /** Workers sharing one extraction (default: extractParallel's, the cores up to 4). */
  workers?: number;
}

export interface PreparedExtraction {
  image: Volume;
  mask: Mask;
  /** What was done to the inputs, in words (mapping, cropping, standardisation). */
  notes: string[];
}

export interface RoiExtraction extends ExtractResult {
  notes: string[];
}

export const STUDY_B_GREY_RANGE: [number, number] = [0, 600];

/** A files resolver over the studies store's path → File map. */
export function filesFromMap(files: ReadonlyMap<string, File>, wrap: (file: File, path: string) => SourceFile): ExtractRoiInput['files'] {
  return (paths) => {
    const out: SourceFile[] = [];
    const missing: string[] = [];
    for (const p of new Set(paths)) {
      const f = files.get(p);
      if (f) out.push(wrap(f, p));
      else missing.push(p);
    }
    if (missing.length) throw new FeatureInputError(`${missing.length} file(s) of this series are no longer open (first: ${missing[0]}); open the folder again`, 'files');
    return out;
  };
}

/** Number of non-zero voxels. */
function roiVoxels(m: Mask): number {
  let n = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i]) n++;
  return n;
}

const voxelVolume = (v: Pick<Volume, 'spacing'>) => v.spacing[0] * v.spacing[1] * v.spacing[2];

/** The first 2-D region calibrated in cm that contains every ROI voxel of a whole-frame mask. */
function regionHolding(mask: Mask, regions: readonly UltrasoundRegion[]): UltrasoundRegion | undefined {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const [nx] = mask.size;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    const x = i % nx, y = Math.floor(i / nx) % mask.size[1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return regions.find((r) => r.spatialFormat === 1 && r.unitsX === 3 && r.unitsY === 3 && r.bounds[0] <= x0 && r.bounds[1] <= y0 && r.bounds[2] >= x1 && r.bounds[3] >= y1);
}

/** Turns a reader / mapping failure into a FeatureInputError with its kind. */
function asInputError(e: unknown): never {
  if (e instanceof FeatureInputError) throw e;
  if (e instanceof DOMException && e.name === 'AbortError') throw new FeatureInputError('feature extraction was cancelled', 'cancelled');
  const message = e instanceof Error ? e.message : String(e);
  if (/compressed pixel data in |cannot be read for radiomics \(no decoder/.test(message)) throw new FeatureInputError(message, 'compressed');
  throw new FeatureInputError(message, 'other');
}

/** Steps 1–3 of the module comment: the image and mask the extractor will receive. */
export async function prepareRoiExtraction(input: ExtractRoiInput, signal?: AbortSignal): Promise<PreparedExtraction> {
  const { entry, group, roi } = input;
  const notes: string[] = [];
  if (roiVoxels(roi.mask) === 0) throw new FeatureInputError(`the ROI "${roi.label}" of ${roi.reader} is empty: draw it first`, 'emptyRoi');
  let image: Volume;
  try {
    const files = await input.files(group.frames.map((f) => f.path));
    image = await readFrames(files, group, { signal });
  } catch (e) {
    asInputError(e);
  }
  if (!image.seriesInstanceUID) image.seriesInstanceUID = entry.seriesInstanceUID;
  if (!image.frameOfReferenceUID && entry.frameOfReferenceUID) image.frameOfReferenceUID = entry.frameOfReferenceUID;

  let mask: Mask;
  const noPatientCoordinates = group.frames.every((f) => !f.position);
  const samePixelGrid = roi.mask.size.every((n, i) => n === image.size[i]);
  if (sameGeometry(image, roi.mask)) {
    mask = { ...roi.mask, data: roi.mask.data.slice(), size: [...roi.mask.size], spacing: [...roi.mask.spacing], origin: [...roi.mask.origin], direction: [...roi.mask.direction] };
  } else if (noPatientCoordinates && samePixelGrid) {
    // ultrasound and other frames without ImagePositionPatient: pixel indices are the only shared frame
    mask = { ...image, data: roi.mask.data.slice(), size: [...image.size], spacing: [...image.spacing], origin: [...image.origin], direction: [...image.direction] };
    notes.push(`"${group.label}" has no patient coordinates: the ROI is used on the same ${image.size[0]}×${image.size[1]} pixel grid, with the image's pixel spacing (${image.spacing[0].toFixed(4)} × ${image.spacing[1].toFixed(4)} mm)`);
  } else {
    const rule = voxelVolume(image) > 1.5 * voxelVolume(roi.mask) ? 'majority' : 'nearest';
    let mapped;
    try {
      mapped = mapMask(roi.mask, image, rule);
    } catch (e) {
      throw new FeatureInputError(e instanceof Error ? e.message : String(e), 'geometry');
    }
    if (roiVoxels(mapped.mask) === 0) {
      throw new FeatureInputError(`the ROI drawn on "${roi.groupKey}" covers no voxel of "${group.label}" after mapping through patient coordinates${mapped.warnings.length ? ` (${mapped.warnings.join('; ')})` : ''}`, 'emptyRoi');
    }
    mask = mapped.mask;
    notes.push(`ROI drawn on ${roi.seriesInstanceUID === entry.seriesInstanceUID ? `group "${roi.groupKey}"` : `another series (${roi.seriesInstanceUID})`} with a different geometry: mapped to "${group.label}" through patient coordinates (${rule === 'majority' ? 'majority of 27 samples per voxel' : 'nearest voxel'}), ${roiVoxels(mask)} voxels`, ...mapped.warnings);
  }

  const us = input.ultrasound ?? { enabled: entry.kind === 'us', target: STUDY_B_GREY_RANGE };
  if (us.enabled) {
    if (image.size[2] !== 1) throw new FeatureInputError(`ultrasound pre-processing needs a single 2-D frame; "${group.label}" has ${image.size[2]} frames`, 'other');
    const region = regionHolding(mask, entry.usRegions ?? []);
    if (region) {
      try {
        image = cropFrameVolumeToRegion(image, region, group.label);
        mask = cropFrameVolumeToRegion(mask, region, group.label);
      } catch (e) {
        throw new FeatureInputError(e instanceof Error ? e.message : String(e), 'other');
      }
      notes.push(`cropped to the calibrated ultrasound region [${region.bounds.join(', ')}] (${region.deltaXmm.toFixed(3)} × ${region.deltaYmm.toFixed(3)} mm pixels)`);
    } else {
      notes.push('no calibrated 2-D ultrasound region (in cm) holds the whole ROI: the image was not cropped and keeps the reader\'s pixel spacing');
    }
    image = standardiseGreyLevels(image, us.target);
    notes.push(`grey levels standardised linearly to ${us.target[0]}–${us.target[1]} (image min → ${us.target[0]}, max → ${us.target[1]})`);
  }
  return { image, mask, notes };
}

/**
 * Reads, prepares and extracts in the radiomics worker. `cancel()` stops the reading or
 * terminates the worker; the promise then rejects with a FeatureInputError of kind 'cancelled'.
 */
export function extractRoi(input: ExtractRoiInput): { promise: Promise<RoiExtraction>; cancel(): void } {
  const abort = new AbortController();
  let cancelWorker: (() => void) | null = null;
  const promise = (async () => {
    const prepared = await prepareRoiExtraction(input, abort.signal);
    if (abort.signal.aborted) throw new FeatureInputError('feature extraction was cancelled', 'cancelled');
    const job = extractParallel({ image: prepared.image, mask: prepared.mask, params: input.params, onProgress: input.onProgress }, input.workers, input.makeWorker);
    cancelWorker = job.cancel;
    try {
      const r = await job.promise;
      return { ...r, notes: prepared.notes };
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw new FeatureInputError('feature extraction was cancelled', 'cancelled');
      const message = e instanceof Error ? e.message : String(e);
      const tooSmall = /too small|too few dimensions|only contains 1 segmented voxel/i.test(message);
      const empty = /mask is empty|No labels found|not present in mask/i.test(message);
      throw new FeatureInputError(message, tooSmall ? 'roiTooSmall' : empty ? 'emptyRoi' : 'other');
    }
  })();
  return {
    promise,
    cancel() {
      abort.abort();
      cancelWorker?.();
    },
  };
}
