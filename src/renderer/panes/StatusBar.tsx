import type { AppInfo } from '../../shared/contract';
import type { BackendInfo } from '../backend';
import type { ShownError } from '../model';
import type { ModelState } from '../state/types';

export function StatusBar(props: {
  appInfo: AppInfo | undefined;
  backend: BackendInfo | undefined;
  model: ModelState;
  error: ShownError | undefined;
  onDismissError(): void;
}) {
  const { appInfo, backend, error, model } = props;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`backend ${backend?.kind ?? 'pending'}`} data-testid="status-backend" data-kind={backend?.kind ?? ''}>
        {backend ? backend.label : 'Detecting inference backend…'}
      </span>
      <span className={`model-status ${model.status}`} data-testid="status-model" data-state={model.status} data-backend={model.loaded?.backend ?? ''}>
        {model.status === 'ready'
          ? `Model ${model.bundle} on ${model.backendNote ?? ''}`
          : model.status === 'loading'
            ? `Loading model ${model.bundle}…`
            : `Model ${model.bundle} not loaded`}
      </span>
      {error && (
        <span className="status-error" data-testid="status-error" data-code={error.code} role="alert">
          <strong>{error.code}</strong> {error.message}
          {error.file && <span className="file"> — {error.file}</span>}
          <button type="button" className="link" onClick={props.onDismissError} aria-label="Dismiss error">
            ×
          </button>
        </span>
      )}
      <span className="spacer" />
      <span data-testid="status-app">
        {appInfo
          ? `v${appInfo.version} · ${appInfo.platform}${appInfo.electron ? ` · Electron ${appInfo.electron}` : ' · test host'}`
          : '…'}
      </span>
    </footer>
  );
}
