import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { checkWorkspaceRecord, WorkspaceStore } from './persistence.ts';

describe('workspace persistence', () => {
  it('keeps the last pipeline and results across a new store (reload)', async () => {
    const factory = new IDBFactory();
    expect(await new WorkspaceStore(factory).load()).toBeNull();
    const results = { format: 'breast-radiomics-study-results/1', models: {} } as never;
    await new WorkspaceStore(factory).save({ specText: '{"outcome":"y"}', bootstrapN: 5, results });
    const back = await new WorkspaceStore(factory).load();
    expect(back?.specText).toBe('{"outcome":"y"}');
    expect(back?.bootstrapN).toBe(5);
    expect(back?.results).toEqual(results);
    expect(typeof back?.savedAt).toBe('string');
  });

  it('keeps the reader-2 tables chosen for ICC steps', async () => {
    const factory = new IDBFactory();
    const readers = { 'studyB_reader2.csv': { csv: 'patient_id,f\nP1,2\n', source: 'studyB_reader2.csv' } };
    await new WorkspaceStore(factory).save({ specText: '{}', bootstrapN: 0, results: null, readers });
    expect((await new WorkspaceStore(factory).load())?.readers).toEqual(readers);
    expect(() => checkWorkspaceRecord({ specText: '', bootstrapN: 0, results: null, readers: { k: { csv: 1 } } })).toThrow('workspace record.readers.k');
  });

  it('refuses a malformed record, naming the key', () => {
    expect(() => checkWorkspaceRecord({ specText: 1 })).toThrow('workspace record.specText: must be a text');
    expect(() => checkWorkspaceRecord({ specText: '', bootstrapN: -2, results: null })).toThrow('workspace record.bootstrapN');
    expect(() => checkWorkspaceRecord({ specText: '', bootstrapN: 0, results: { format: 'x' } })).toThrow('workspace record.results');
  });
});
