import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../shared/contract';
import { detectBrowserBackend, type BackendInfo } from './backend';
import { toShownError, type AudioClip, type ShownError } from './model';
import { AttentionPane } from './panes/AttentionPane';
import { InputPane } from './panes/InputPane';
import { RunStatsPane } from './panes/RunStatsPane';
import { StatusBar } from './panes/StatusBar';
import { TranscriptPane } from './panes/TranscriptPane';
import { WaveformPane } from './panes/WaveformPane';
import type { WorkbenchApi } from './workbench-api';

export function App({ api }: { api: WorkbenchApi | undefined }) {
  const [appInfo, setAppInfo] = useState<AppInfo>();
  const [backend, setBackend] = useState<BackendInfo>();
  const [clips, setClips] = useState<AudioClip[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<ShownError>();

  const report = useCallback((cause: unknown) => setError(toShownError(cause)), []);

  useEffect(() => {
    void detectBrowserBackend().then(setBackend);
    if (!api) {
      setError({ code: 'no-bridge', message: 'This page is not connected to the workbench (no preload bridge).' });
      return;
    }
    api.getAppInfo().then(setAppInfo, report);
  }, [api, report]);

  const addClip = useCallback((clip: AudioClip) => {
    setClips((existing) => [...existing, clip]);
    setSelectedId(clip.id);
  }, []);

  const selected = clips.find((clip) => clip.id === selectedId);

  return (
    <div className="shell">
      <header className="title-bar">
        <h1>Speech Workbench</h1>
        <span className="subtitle">sequence-to-sequence recognition · AT / NAT decoding · attention</span>
      </header>
      <main className="panes">
        <InputPane api={api} clips={clips} selectedId={selectedId} onSelect={setSelectedId} onClip={addClip} onError={report} />
        <div className="centre">
          <WaveformPane clip={selected} />
          <TranscriptPane />
          <AttentionPane />
        </div>
        <RunStatsPane backend={backend} clip={selected} />
      </main>
      <StatusBar appInfo={appInfo} backend={backend} error={error} onDismissError={() => setError(undefined)} />
    </div>
  );
}
