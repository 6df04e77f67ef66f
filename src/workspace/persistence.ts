/**
 * The workspace's last pipeline and results in IndexedDB (database `brw-workspace`, one record).
 * Takes the IDBFactory as a parameter (browser indexedDB, or fake-indexeddb in tests). A record
 * that does not have the expected shape is ignored on load (reported, never half-applied).
 */
import type { StudyResults } from '../modelling/runStudy.ts';
import { idbDone, idbRequest as request, openIdb } from '../storage/idb.ts';

const DB_NAME = 'brw-workspace';
const DB_VERSION = 1;
const STORE = 'workspace';
const CURRENT = 'current';

export interface WorkspaceRecord {
  /** the editor's study.json text as the user left it */
  specText: string;
  bootstrapN: number;
  /** the last completed run, with the cohort source it ran on */
  results: StudyResults | null;
  /** reader-2 tables chosen for ICC steps, by the spec's `reader2` key (kept so a reload needs no new choice) */
  readers?: Record<string, { csv: string; source: string }>;
  savedAt?: string;
}

/** Checks a record read from storage; the error names the bad key. */
export function checkWorkspaceRecord(v: unknown): WorkspaceRecord {
  if (typeof v !== 'object' || v === null) throw new Error('workspace record: not an object');
  const o = v as Record<string, unknown>;
  if (typeof o.specText !== 'string') throw new Error('workspace record.specText: must be a text');
  if (typeof o.bootstrapN !== 'number' || !Number.isInteger(o.bootstrapN) || o.bootstrapN < 0) throw new Error('workspace record.bootstrapN: must be a non-negative integer');
  if (o.results !== null && (typeof o.results !== 'object' || (o.results as { format?: unknown }).format !== 'breast-radiomics-study-results/1')) {
    throw new Error('workspace record.results: not study results (format breast-radiomics-study-results/1)');
  }
  let readers: WorkspaceRecord['readers'];
  if (o.readers !== undefined) {
    if (typeof o.readers !== 'object' || o.readers === null) throw new Error('workspace record.readers: must be an object');
    readers = {};
    for (const [k, r] of Object.entries(o.readers as Record<string, unknown>)) {
      const x = r as { csv?: unknown; source?: unknown } | null;
      if (typeof x !== 'object' || x === null || typeof x.csv !== 'string' || typeof x.source !== 'string') throw new Error(`workspace record.readers.${k}: must be { csv, source } texts`);
      readers[k] = { csv: x.csv, source: x.source };
    }
  }
  return { specText: o.specText, bootstrapN: o.bootstrapN, results: o.results as StudyResults | null, readers, savedAt: typeof o.savedAt === 'string' ? o.savedAt : undefined };
}

export class WorkspaceStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory) {
    this.db = openIdb(factory, DB_NAME, DB_VERSION, (db) => { db.createObjectStore(STORE); });
  }

  async save(record: WorkspaceRecord): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    const done = idbDone(tx);
    tx.objectStore(STORE).put({ ...record, savedAt: new Date().toISOString() }, CURRENT);
    await done;
  }

  /** The saved record, or null when there is none; throws (naming the key) on a malformed one. */
  async load(): Promise<WorkspaceRecord | null> {
    const db = await this.db;
    const v: unknown = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(CURRENT));
    return v === undefined ? null : checkWorkspaceRecord(v);
  }
}
