/**
 * IndexedDB persistence of extracted feature records (database `brw-features`, object store
 * `features`, keyPath `key`). Records are plain objects, stored as they are (structured clone).
 * Takes the IDBFactory as a parameter: the browser's indexedDB, or fake-indexeddb in tests.
 */
import { idbDone as done, idbRequest as request, openIdb } from '../storage/idb.ts';
import type { FeatureRecord } from '../radiomics/extractor.ts';
import type { ExtractionParams } from '../radiomics/settings.ts';
import type { SeriesIndexEntry, VolumeGroup } from '../dicom/types.ts';

const DB_NAME = 'brw-features';
const DB_VERSION = 1;
const STORE = 'features';

/** The extraction settings a radiomics model depends on (PyRadiomics `setting` keys). */
export interface ExtractionFacts {
  binWidth: number;
  binCount: number | null;
  /** mm, x y z; null = no resampling. */
  resampledPixelSpacing: number[] | null;
  normalize: boolean;
  normalizeScale: number;
}

/**
 * The acquisition facts of the image the features were extracted from, kept with them so that a
 * model card's training geometry can be checked later (src/modelcard/trainingGeometry.ts). Every
 * field is optional: what the series does not say is left out, never guessed.
 */
export interface AcquisitionFacts {
  /** Voxel spacing of the image the extractor received, mm: x (columns), y (rows), z. */
  spacingMm?: [number, number, number];
  /** SliceThickness (0018,0050), mm. */
  sliceThicknessMm?: number;
  /** In-plane matrix of the series: columns × rows. */
  matrix?: [number, number];
  /** DICOM Modality (MR, US, …). */
  modality?: string;
  manufacturer?: string;
  /** MagneticFieldStrength (0018,0087), tesla (not in the index: only when a header was read). */
  fieldStrengthT?: number;
  settings?: ExtractionFacts;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The spacing the extractor reports in its diagnostics, "(0.75, 0.75, 2.5)". */
function diagnosticsSpacing(record: FeatureRecord | undefined): [number, number, number] | undefined {
  const v = record?.['diagnostics_Image-original_Spacing'];
  if (typeof v !== 'string') return undefined;
  const n = v.replace(/[()\s]/g, '').split(',').map(Number);
  return n.length === 3 && n.every(positive) ? [n[0]!, n[1]!, n[2]!] : undefined;
}

/**
 * The facts of one extraction: the series (modality, manufacturer, slice thickness, matrix), the
 * image's voxel spacing (the volume the extractor received when given, else the record's
 * diagnostics, else the series' pixel spacing and slice spacing) and the extraction settings.
 */
export function acquisitionFacts(
  entry: Pick<SeriesIndexEntry, 'modality' | 'manufacturer' | 'sliceThickness' | 'rows' | 'columns' | 'pixelSpacing'>,
  group: Pick<VolumeGroup, 'sliceSpacing'> | undefined,
  params: ExtractionParams,
  extra: { spacing?: readonly number[]; record?: FeatureRecord; fieldStrengthT?: number } = {},
): AcquisitionFacts {
  const s = params.setting;
  const out: AcquisitionFacts = {
    settings: { binWidth: s.binWidth, binCount: s.binCount ?? null, resampledPixelSpacing: s.resampledPixelSpacing ? [...s.resampledPixelSpacing] : null, normalize: s.normalize, normalizeScale: s.normalizeScale },
  };
  const sp = extra.spacing;
  if (sp && sp.length === 3 && sp.every(positive)) out.spacingMm = [sp[0]!, sp[1]!, sp[2]!];
  else out.spacingMm = diagnosticsSpacing(extra.record) ?? (entry.pixelSpacing && positive(group?.sliceSpacing) ? [entry.pixelSpacing[1], entry.pixelSpacing[0], group.sliceSpacing] : undefined);
  if (!out.spacingMm) delete out.spacingMm;
  if (positive(entry.sliceThickness)) out.sliceThicknessMm = entry.sliceThickness;
  if (positive(entry.columns) && positive(entry.rows)) out.matrix = [entry.columns, entry.rows];
  if (entry.modality) out.modality = entry.modality;
  if (entry.manufacturer) out.manufacturer = entry.manufacturer;
  if (positive(extra.fieldStrengthT)) out.fieldStrengthT = extra.fieldStrengthT;
  return out;
}

/** One extraction: a feature record and everything that identifies it. */
export interface StoredFeatures {
  /** featureKey(...) of the identifying fields. */
  key: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** Volume group the features were extracted from (e.g. a DCE phase, a b-value). */
  groupKey: string;
  roiId: string;
  reader: string;
  /** 'tumour' | 'reference' for ROIs of the annotations store. */
  label: string;
  patientId: string;
  paramsHash: string;
  /** Parameter file name (studyA.yaml, the user's file, …). */
  paramsSource: string;
  record: FeatureRecord;
  warnings: string[];
  /** What was done to the inputs (ROI mapping, ultrasound crop / standardisation). */
  notes: string[];
  extractedAt: string;
  /** The ROI's modifiedAt when extracted: later edits make the features stale. */
  roiModifiedAt?: string;
  /**
   * Acquisition facts and extraction settings (`acquisitionFacts`). Absent in records stored
   * before they were kept: such records load as they are, and their geometry cannot be checked.
   */
  acquisition?: AcquisitionFacts;
}

/** The store key: study / series / group / ROI id / reader / params hash. */
export function featureKey(f: Pick<StoredFeatures, 'studyInstanceUID' | 'seriesInstanceUID' | 'groupKey' | 'roiId' | 'reader' | 'paramsHash'>): string {
  return [f.studyInstanceUID, f.seriesInstanceUID, f.groupKey, f.roiId, f.reader, f.paramsHash].join('|');
}


export class FeatureDb {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = openIdb(this.factory, DB_NAME, DB_VERSION, (db) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
      });
      this.db.catch(() => { this.db = null; });
    }
    return this.db;
  }

  async put(f: StoredFeatures): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(f);
    await done(tx);
  }

  async remove(key: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    await done(tx);
  }

  async all(): Promise<StoredFeatures[]> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readonly');
    const rows = await request(tx.objectStore(STORE).getAll() as IDBRequest<StoredFeatures[]>);
    await done(tx);
    return rows;
  }

  close(): void {
    void this.db?.then((d) => d.close());
    this.db = null;
  }
}
