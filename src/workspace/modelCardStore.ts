/**
 * Model cards saved from the Study tab, in IndexedDB (database `brw-model-cards`, object store
 * `cards`, key `<cohort source>/<model name>`), so the Patient tab can list and apply them after a
 * reload. Records: `{ key, model, source, savedAt, card }` where `card` is the ModelCard JSON of
 * src/modelcard (`format: "breast-radiomics-model-card/1"`). Takes the IDBFactory as a parameter.
 */
import type { ModelCard } from '../modelcard/modelCard.ts';
import { idbDone, idbRequest, openIdb } from '../storage/idb.ts';

const DB_NAME = 'brw-model-cards';
const DB_VERSION = 1;
const STORE = 'cards';

export interface SavedModelCard {
  key: string;
  model: string;
  source: string;
  savedAt: string;
  card: ModelCard;
}

export class ModelCardStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory) {
    this.db = openIdb(factory, DB_NAME, DB_VERSION, (db) => { db.createObjectStore(STORE, { keyPath: 'key' }); });
  }

  /** Saves (or replaces) the card of `model` run on `source`; returns its key. */
  async save(source: string, model: string, card: ModelCard): Promise<string> {
    const db = await this.db;
    const key = `${source}/${model}`;
    const tx = db.transaction(STORE, 'readwrite');
    const done = idbDone(tx);
    tx.objectStore(STORE).put({ key, model, source, savedAt: new Date().toISOString(), card } satisfies SavedModelCard);
    await done;
    return key;
  }

  /** Every saved card, newest first; a record without a card of the expected format is skipped. */
  async list(): Promise<SavedModelCard[]> {
    const db = await this.db;
    const all = (await idbRequest(db.transaction(STORE, 'readonly').objectStore(STORE).getAll())) as unknown[];
    return all
      .filter((r): r is SavedModelCard => typeof r === 'object' && r !== null && typeof (r as SavedModelCard).key === 'string' && (r as SavedModelCard).card?.format === 'breast-radiomics-model-card/1')
      .sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
  }

  async remove(key: string): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    const done = idbDone(tx);
    tx.objectStore(STORE).delete(key);
    await done;
  }
}
