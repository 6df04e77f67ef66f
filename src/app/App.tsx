import { lazy, Suspense, useState } from 'react';
import { useSettings, useT } from '../store/settings.ts';
import { LANGS } from '../i18n/catalogue.ts';
import { ViewerPage } from './ViewerPage.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

// The study workspace pulls in Plotly and the statistics: loaded only when the Study tab opens.
const StudyWorkspace = lazy(() => import('../workspace/StudyWorkspace.tsx'));
// The patient view (model card, extraction, Plotly figures): loaded only when the Patient tab opens.
const PatientView = lazy(() => import('../patient/PatientView.tsx'));

type Tab = 'viewer' | 'study' | 'patient';

export function App() {
  const t = useT();
  const { lang, setLang } = useSettings();
  const [tab, setTab] = useState<Tab>('viewer');
  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <nav role="tablist">
          {(['viewer', 'study', 'patient'] as const).map((k) => (
            <button key={k} role="tab" aria-selected={tab === k} data-testid={`tab-${k}`} onClick={() => setTab(k)}>
              {t(`app.tab.${k}`)}
            </button>
          ))}
        </nav>
        <label className="lang">
          {t('app.language')}{' '}
          <select data-testid="lang" value={lang} onChange={(e) => setLang(e.target.value as typeof lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>{l === 'en' ? 'English' : '简体中文'}</option>
            ))}
          </select>
        </label>
      </header>
      <main className="app-main">
        <p className="tagline">{t('app.tagline')}</p>
        {/* The viewer stays mounted on other tabs: its cornerstone viewports keep their state. */}
        <div className="tab-panel" hidden={tab !== 'viewer'}>
          <ErrorBoundary label={t('app.error')}>
            <ViewerPage active={tab === 'viewer'} />
          </ErrorBoundary>
        </div>
        {tab === 'study' && (
          <div className="tab-panel">
            <ErrorBoundary label={t('app.error')}>
              <Suspense fallback={<p>…</p>}>
                <StudyWorkspace />
              </Suspense>
            </ErrorBoundary>
          </div>
        )}
        {tab === 'patient' && (
          <div className="tab-panel">
            <ErrorBoundary label={t('app.error')}>
              <Suspense fallback={<p>…</p>}>
                <PatientView />
              </Suspense>
            </ErrorBoundary>
          </div>
        )}
      </main>
    </div>
  );
}
