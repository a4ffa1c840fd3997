import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import type { AppInfo, MenuCommandName } from '../shared/contract';
import { detectBrowserBackend, type BackendInfo } from './backend';
import { AttentionPane } from './panes/AttentionPane';
import { DecodingPane } from './panes/DecodingPane';
import { ExplorerPane } from './panes/ExplorerPane';
import { InputPane } from './panes/InputPane';
import { ModelPane } from './panes/ModelPane';
import { RunStatsPane } from './panes/RunStatsPane';
import { StatusBar } from './panes/StatusBar';
import { TranscriptPane } from './panes/TranscriptPane';
import { WaveformPane } from './panes/WaveformPane';
import { commandForKey } from './shortcuts';
import { WorkbenchController } from './state/controller';
import { useStore } from './state/store';
import { useTheme } from './theme';
import type { WorkbenchApi } from './workbench-api';

export function App({ api }: { api: WorkbenchApi | undefined }) {
  const controller = useMemo(() => new WorkbenchController(api), [api]);
  const state = useStore(controller.store);
  const [appInfo, setAppInfo] = useState<AppInfo>();
  const [backend, setBackend] = useState<BackendInfo>();
  const [dragging, setDragging] = useState(false);
  const theme = useTheme(state.settings.theme);

  useEffect(() => {
    void detectBrowserBackend().then(setBackend);
    if (!api) {
      controller.report({ code: 'no-bridge', message: 'This page is not connected to the workbench (no preload bridge).' });
      return;
    }
    api.getAppInfo().then(setAppInfo, controller.report);
    void controller.start();
    return () => controller.dispose();
  }, [api, controller]);

  const run = useCallback(
    (command: MenuCommandName) => {
      const selected = controller.state.selectedId;
      switch (command) {
        case 'open-audio-files':
          return void controller.openFiles();
        case 'toggle-recording':
          return controller.toggleRecording();
        case 'toggle-playback':
          return controller.player?.playPause();
        case 'use-decoder-at':
          return controller.useDecoder('at');
        case 'use-decoder-nat':
          return controller.useDecoder('nat');
        case 'use-decoder-ctc':
          return controller.useDecoder('ctc');
        case 'use-decoder-rescore':
          return controller.useDecoder('rescore');
        case 'compare-decoders':
          return void controller.compare(selected);
        case 'toggle-explorer':
          return controller.explorer.toggle();
        case 'show-model':
          return controller.showModel(true);
        case 'find-in-transcripts':
          return controller.openSearch();
        case 'next-unsure-word':
          return controller.stepUnsure(1);
        case 'previous-unsure-word':
          return controller.stepUnsure(-1);
        case 'undo-edit':
          return void controller.undoEdit();
        case 'redo-edit':
          return void controller.redoEdit();
      }
    },
    [controller],
  );

  // The application menu's commands arrive as events; the same commands have keyboard shortcuts.
  useEffect(() => api?.on.menuCommand(({ command }) => run(command)), [api, run]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const targetTag = (event.target as HTMLElement | null)?.tagName ?? '';
      // Escape closes the search box from anywhere but a field (the word editor's Escape cancels its edit).
      if (event.key === 'Escape' && controller.state.search.open && targetTag !== 'INPUT' && !event.defaultPrevented) {
        event.preventDefault();
        return controller.closeSearch();
      }
      const command = commandForKey({ ...event, key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey, targetTag });
      if (!command) return;
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void controller.enqueueDropped([...event.dataTransfer.files]);
  };

  const selected = state.items.find((item) => item.id === state.selectedId);

  return (
    <div
      className={`shell${dragging ? ' dragging' : ''}`}
      data-theme={theme}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => event.currentTarget === event.target && setDragging(false)}
      onDrop={onDrop}
      data-testid="shell"
    >
      <header className="title-bar">
        <h1>Speech Workbench</h1>
        <span className="subtitle">sequence-to-sequence recognition · AT / NAT decoding · attention</span>
        <span className="spacer" />
        <button
          type="button"
          className={state.explorer.open ? 'on' : ''}
          aria-pressed={state.explorer.open}
          onClick={() => controller.explorer.toggle()}
          title="Step through how the decoder reached the selected segment’s text (decodes it again with a trace) · Ctrl+E"
          data-testid="explorer-toggle"
        >
          Explorer
        </button>
        <button type="button" className={state.showModel ? 'on' : ''} onClick={() => controller.showModel(!state.showModel)} data-testid="model-toggle">
          Model
        </button>
        <select value={state.settings.theme} onChange={(e) => controller.updateSettings({ theme: e.target.value as typeof state.settings.theme })} aria-label="Theme" data-testid="theme-select">
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </header>
      <main className="panes">
        <InputPane controller={controller} state={state} />
        <div className={`centre${state.explorer.open ? ' exploring' : ''}`}>
          <WaveformPane controller={controller} item={selected} explorer={state.explorer} />
          <TranscriptPane controller={controller} state={state} item={selected} />
          {state.explorer.open ? <ExplorerPane controller={controller} state={state} item={selected} /> : <AttentionPane key={selected?.id} controller={controller} item={selected} compare={state.view === 'compare'} />}
        </div>
        <div className="side">
          {state.showModel && <ModelPane controller={controller} state={state} />}
          <DecodingPane controller={controller} state={state} item={selected} />
          <RunStatsPane backend={backend} item={selected} model={state.model} />
        </div>
      </main>
      {dragging && <div className="drop-hint">Drop audio files to transcribe them</div>}
      <StatusBar appInfo={appInfo} backend={backend} model={state.model} error={state.error} onDismissError={controller.dismissError} />
    </div>
  );
}
