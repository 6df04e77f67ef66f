import { useEffect, useState } from 'react';
import { useStudies } from '../store/studies.ts';
import { useT } from '../store/settings.ts';
import { fetchDemo, fromInput } from './localFiles.ts';
import { prewarmIndexWorker } from '../dicom/indexInWorker.ts';

/** Open buttons (folder, files, demo), indexing progress with Cancel, and why the last run stopped. */
export function OpenStudy() {
  const t = useT();
  const addFiles = useStudies((s) => s.addFiles);
  const progress = useStudies((s) => s.progress);
  const cancelIndexing = useStudies((s) => s.cancelIndexing);
  const indexMessage = useStudies((s) => s.indexMessage);
  const [demo, setDemo] = useState<{ done: number; total: number; abort: AbortController } | null>(null);
  const [demoError, setDemoError] = useState<string | null>(null);
  // The index worker starts while the user picks files (its start-up was ~0.4 s of the index time).
  useEffect(() => prewarmIndexWorker(), []);

  async function openDemo() {
    const abort = new AbortController();
    setDemoError(null);
    setDemo({ done: 0, total: 0, abort });
    try {
      const files = await fetchDemo((done, total) => setDemo({ done, total, abort }), abort.signal);
      setDemo(null);
      await addFiles(files);
    } catch (e) {
      setDemo(null);
      if (!(e instanceof DOMException && e.name === 'AbortError')) setDemoError(e instanceof Error ? e.message : String(e));
    }
  }

  const busy = progress ?? (demo && { done: demo.done, total: demo.total });
  return (
    <section className="open-study" aria-label={t('viewer.open.title')}>
      <div className="open-buttons">
        <label className="button">
          {t('viewer.open.folder')}
          <input
            type="file"
            multiple
            hidden
            data-testid="open-folder"
            {...{ webkitdirectory: '', directory: '' }}
            onChange={(e) => { void addFiles(fromInput(e.currentTarget.files)); e.currentTarget.value = ''; }}
          />
        </label>
        <label className="button">
          {t('viewer.open.files')}
          <input
            type="file"
            multiple
            hidden
            data-testid="open-files"
            onChange={(e) => { void addFiles(fromInput(e.currentTarget.files)); e.currentTarget.value = ''; }}
          />
        </label>
        <button type="button" data-testid="open-demo" onClick={() => void openDemo()} disabled={!!demo}>
          {t('viewer.open.demo')}
        </button>
      </div>
      <p className="hint">{t('viewer.open.dropHint')}</p>
      {busy && (
        <div className="progress" data-testid="index-progress">
          <span>{demo ? t('viewer.open.fetchingDemo') : t('viewer.open.indexing')} {busy.done}/{busy.total}</span>
          <progress max={Math.max(1, busy.total)} value={busy.done} />
          <button type="button" data-testid="index-cancel" onClick={() => (demo ? demo.abort.abort() : cancelIndexing())}>
            {t('app.cancel')}
          </button>
        </div>
      )}
      {indexMessage && (
        <p className="notice" role="status">
          {indexMessage.kind === 'cancelled' ? t('viewer.open.cancelled') : t('viewer.open.failed', { detail: indexMessage.detail ?? '' })}
        </p>
      )}
      {demoError && <p className="notice error" role="alert">{t('viewer.open.demoFailed', { detail: demoError })}</p>}
    </section>
  );
}
