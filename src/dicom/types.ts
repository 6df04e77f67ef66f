/**
 * What the DICOM indexer produces: the same objects the viewer browses, the `index` CLI prints
 * as JSON, and the tests compare with shared/data/dicom/MANIFEST.csv.
 */
import type { Vec3 } from '../geometry/volume.ts';

/** A file the indexer can read in parts (headers first, pixels later): a browser File or a Node file. */
export interface SourceFile {
  /** Path relative to what the user dropped or named (used in every message). */
  path: string;
  size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * For sources whose first bytes are read ahead (the browser index worker,
   * src/dicom/prefetchedSource.ts): resolves, once they arrived, with how many bytes from the start
   * are in memory; `size` is known only from then on. The indexer awaits it before anything else
   * and reads exactly that much first.
   */
  headInMemory?(): Promise<number>;
}

export type SeriesKind = 'dce' | 'dwi' | 'mr' | 'us' | 'other';

/** One image: a single-frame instance, or one frame of a multi-frame instance. */
export interface FrameRef {
  path: string;
  sopInstanceUID: string;
  /** 0-based frame number within a multi-frame instance; 0 for single-frame. */
  frame: number;
  instanceNumber?: number;
  /** ImagePositionPatient (mm, LPS) of this frame, when known. */
  position?: Vec3;
  /** ImageOrientationPatient: row cosines then column cosines. */
  orientation?: [number, number, number, number, number, number];
}

/** A DCE phase of a series (0 = pre-contrast). */
export interface DcePhase {
  index: number;
  /** Seconds after the first phase started (from TriggerTime / AcquisitionTime / ContentTime). */
  time?: number;
  /** Plain-language label, e.g. "phase 1 of 6 (first post-contrast)". */
  label: string;
  isPreContrast: boolean;
  isFirstPostContrast: boolean;
}

/**
 * One geometric volume (or one 2-D image) inside a series: a DCE phase, one b-value of a DWI, the
 * only volume of a plain series, or one ultrasound frame set. Frames are sorted along the slice
 * normal (ImagePositionPatient · normal), ascending.
 */
export interface VolumeGroup {
  key: string;
  label: string;
  phaseIndex?: number;
  bValue?: number;
  /** DWI gradient direction when present (unit vector, or absent for isotropic/trace). */
  gradient?: Vec3;
  frames: FrameRef[];
  /** Distance between consecutive slice positions (mm), median. */
  sliceSpacing?: number;
  /** Messages such as "gap of 6.0 mm between slices 12 and 13", "2 frames share position …". */
  warnings: string[];
}

/** Sequence of Ultrasound Regions (0018,6011): a calibrated region. */
export interface UltrasoundRegion {
  spatialFormat: number;
  dataType: number;
  /** Bounds in pixels, inclusive: x0, y0, x1, y1. */
  bounds: [number, number, number, number];
  unitsX: number;
  unitsY: number;
  /** Physical size of one pixel, in mm (PhysicalDeltaX/Y in cm × 10, sign ignored). */
  deltaXmm: number;
  deltaYmm: number;
}

export interface SeriesIndexEntry {
  /**
   * Unique key of this entry in the index (always set by the indexer): the SeriesInstanceUID,
   * with "#2", "#3"… appended when files sharing one UID differ in modality, size, transfer
   * syntax or photometric interpretation and are listed apart; "+dce" appended for a DCE made of
   * several series; "(no SeriesInstanceUID) <path>" for a file without one.
   */
  id?: string;
  seriesInstanceUID: string;
  studyInstanceUID: string;
  patientId: string;
  patientName: string;
  studyDate?: string;
  studyDescription?: string;
  seriesNumber?: number;
  modality: string;
  description: string;
  manufacturer?: string;
  sopClassUID: string;
  transferSyntaxUID: string;
  photometric?: string;
  kind: SeriesKind;
  rows: number;
  columns: number;
  /** Total frames (images) in the series across all instances. */
  frames: number;
  /** Row spacing, column spacing in mm (for US: from the calibrated region). */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  phases?: DcePhase[];
  bValues?: number[];
  usRegions?: UltrasoundRegion[];
  groups: VolumeGroup[];
  /** The group to open first: the first post-contrast phase for DCE, the highest b for DWI. */
  defaultGroup: string;
  /** Plain-language label for the series browser, e.g. "DCE-MRI, 7 phases" or "US 2-D, 0.08 mm/px". */
  label: string;
  warnings: string[];
  /** For a DCE assembled from one series per phase: the SeriesInstanceUIDs of its phases, in order. */
  memberSeriesUIDs?: string[];
  /** Siemens MOSAIC images: slices stored as tiles of each image (the index lists one frame per image; pixels.ts readFrames unpacks the tiles). */
  mosaic?: { images: number; tileRows: number; tileColumns: number };
  /** FrameOfReferenceUID (0020,0052) of the first instance. */
  frameOfReferenceUID?: string;
}

export interface IndexError {
  file: string;
  reason: string;
}

export interface StudyIndex {
  series: SeriesIndexEntry[];
  errors: IndexError[];
  /**
   * Files read and time taken, for the progress display and the benchmark: `ms` in all,
   * `headersMs` of it until every file's header was read and parsed (the rest builds the series).
   */
  stats: { files: number; bytesRead: number; ms: number; headersMs?: number };
  /** DICOMDIR files seen: how many files each references and how many of those were not given. */
  dicomdirs?: { path: string; referenced: number; missing: number }[];
}
