// Live input: the microphone picker, record/stop with a level meter, and "simulate live from a file"
// (a file played through the same streaming path in real time).
import { useEffect, useState } from 'react';
import type { InputDevice } from '../../shared/contract';
import type { WorkbenchController } from '../state/controller';
import type { WorkbenchState } from '../state/types';

export function LivePanel({ controller, state }: { controller: WorkbenchController; state: WorkbenchState }) {
  const [devices, setDevices] = useState<InputDevice[]>();
  const { live, settings } = state;
  const api = controller.api;
  useEffect(() => {
    api?.listInputDevices().then(setDevices, () => setDevices([]));
  }, [api]);
  const busy = live.status !== 'idle';
  const canStart = !!api;
  return (
    <div className="controls live-panel">
      <label className="field">
        <span>Microphone</span>
        <select
          value={settings.inputDevice}
          onChange={(event) => controller.updateSettings({ inputDevice: Number(event.target.value) })}
          disabled={!devices || busy}
          data-testid="device-picker"
        >
          <option value={-1}>System default</option>
          {devices?.map((device) => (
            <option key={device.index} value={device.index}>
              {device.name}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        {live.status === 'recording' || live.status === 'finishing' ? (
          <button type="button" className="record active" onClick={() => controller.toggleRecording()} disabled={live.status === 'finishing'} data-testid="stop-button">
            ■ Stop
          </button>
        ) : (
          <button type="button" className="record" onClick={() => controller.toggleRecording()} disabled={!canStart || busy} data-testid="record-button" title="Record (Ctrl+R)">
            ● Record
          </button>
        )}
        <button type="button" onClick={() => void controller.simulateLiveFromFile()} disabled={!canStart || busy} data-testid="simulate-live-button" title="Play a file through the live path in real time">
          Live from file…
        </button>
      </div>
      {busy && (
        <span className="muted small" data-testid="live-seconds">
          {live.status === 'finishing' ? 'decoding the last words…' : `${live.seconds.toFixed(1)} s captured`}
        </span>
      )}
      <meter className="level" min={0} max={1} value={live.level} aria-label="Input level" data-testid="level-meter" />
    </div>
  );
}
