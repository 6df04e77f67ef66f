/**
 * IndexedDB keeping of scored results with the patient (database `brw-patients`, store
 * `results`, keyPath `key`): the card, the inputs used and the prediction, so a reload or a later
 * visit shows what was scored and with which model. Takes the IDBFactory as a parameter (the
 * browser's indexedDB, or fake-indexeddb in tests).
 */
import { idbDone, idbRequest, openIdb } from '../storage/idb.ts';
import type { CardPrediction } from '../modelcard/applyModelCard.ts';

export interface StoredPatientResult {
  /** `${patientKey}|${card name}|${savedAt}` */
  key: string;
  /** The user's label for the patient (may be empty); the patient's DICOM PatientID if known. */
  patientLabel: string;
  patientId: string | null;
  card: { name: string; created: string; outcome: string };
  inputs: Record<string, number | string>;
  /** Where the image features came from (series / ROI / parameter hash). */
  featureSource: string;
  prediction: CardPrediction;
  savedAt: string;
}

const DB = 'brw-patients';
const STORE = 'results';

export class PatientDb {
  private db: Promise<IDBDatabase> | null = null;
  constructor(private readonly factory: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = openIdb(this.factory, DB, 1, (db) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
      });
      this.db.catch(() => { this.db = null; });
    }
    return this.db;
  }

  async put(r: StoredPatientResult): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(r);
    await idbDone(tx);
  }

  async all(): Promise<StoredPatientResult[]> {
    const db = await this.open();
    const rows = await idbRequest(db.transaction(STORE, 'readonly').objectStore(STORE).getAll());
    return (rows as StoredPatientResult[]).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }
}
