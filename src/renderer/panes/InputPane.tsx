import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputDevice } from '../../shared/contract';
import { baseName, formatSeconds, type AudioClip } from '../model';
import type { WorkbenchApi } from '../workbench-api';
import { Empty, Pane } from './Pane';

interface Props {
  api: WorkbenchApi | undefined;
  clips: AudioClip[];
  selectedId: string | undefined;
  onSelect(id: string): void;
  onClip(clip: AudioClip): void;
  onError(error: unknown): void;
}

interface LiveRecording {
  sessionId: string;
  level: number;
}

let clipCounter = 0;
let recordingCounter = 0;
const nextClipId = () => `clip-${++clipCounter}`;

export function InputPane({ api, clips, selectedId, onSelect, onClip, onError }: Props) {
  const [devices, setDevices] = useState<InputDevice[]>();
  const [deviceIndex, setDeviceIndex] = useState(-1);
  const [recording, setRecording] = useState<LiveRecording>();
  const [busy, setBusy] = useState(false);
  const recordingRef = useRef<LiveRecording | undefined>(undefined);
  recordingRef.current = recording;

  useEffect(() => {
    api?.listInputDevices().then(setDevices, () => setDevices([]));
  }, [api]);

  const openFiles = useCallback(async () => {
    if (!api) return;
    setBusy(true);
    try {
      const { paths } = await api.chooseAudioFiles();
      for (const path of paths) {
        try {
          const decoded = await api.decodeAudio({ path });
          onClip({ id: nextClipId(), name: baseName(path), path, samples: decoded.samples, durationS: decoded.durationS, warnings: decoded.warnings });
        } catch (error) {
          onError(error);
        }
      }
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  }, [api, onClip, onError]);

  // The application menu's "Open Audio Files…" arrives as an event.
  useEffect(
    () =>
      api?.on.menuCommand(({ command }) => {
        if (command === 'open-audio-files') void openFiles();
      }),
    [api, openFiles],
  );

  /** Collects a session's samples as a clip; used when the user stops and when the source ends by itself. */
  const collectRecording = useCallback(
    async (sessionId: string) => {
      if (!api) return;
      setRecording(undefined);
      try {
        const result = await api.stopRecording({ sessionId });
        onClip({ id: nextClipId(), name: `Recording ${++recordingCounter}`, samples: result.samples, durationS: result.durationS, warnings: [] });
      } catch (error) {
        onError(error);
      }
    },
    [api, onClip, onError],
  );

  useEffect(() => {
    if (!api) return;
    const offLevel = api.on.audioLevel(({ sessionId, peak }) => {
      if (recordingRef.current?.sessionId === sessionId) setRecording({ sessionId, level: peak });
    });
    // A recording that ends by itself (lost device, error) still keeps what was captured until then.
    const offStopped = api.on.recordingStopped(({ sessionId, reason, message }) => {
      if (recordingRef.current?.sessionId !== sessionId || reason === 'user') return;
      if (reason !== 'end-of-file') onError({ code: reason, message: message ?? `Recording stopped: ${reason}` });
      void collectRecording(sessionId);
    });
    return () => {
      offLevel();
      offStopped();
    };
  }, [api, onError, collectRecording]);

  const startRecording = async () => {
    if (!api) return;
    try {
      const { sessionId } = await api.startRecording({ source: { kind: 'microphone', deviceIndex } });
      setRecording({ sessionId, level: 0 });
    } catch (error) {
      onError(error);
    }
  };

  return (
    <Pane title="Input" testId="pane-input" className="input">
      <div className="controls">
        <label className="field">
          <span>Microphone</span>
          <select value={deviceIndex} onChange={(event) => setDeviceIndex(Number(event.target.value))} disabled={!devices || !!recording}>
            <option value={-1}>System default</option>
            {devices?.map((device) => (
              <option key={device.index} value={device.index}>
                {device.name}
              </option>
            ))}
          </select>
        </label>
        {recording ? (
          <button type="button" className="record active" onClick={() => void collectRecording(recording.sessionId)} data-testid="stop-button">
            ■ Stop
          </button>
        ) : (
          <button type="button" className="record" onClick={() => void startRecording()} disabled={!api} data-testid="record-button">
            ● Record
          </button>
        )}
        <meter className="level" min={0} max={1} value={recording?.level ?? 0} aria-label="Input level" />
        <button type="button" onClick={() => void openFiles()} disabled={!api || busy} data-testid="open-files-button">
          Open files…
        </button>
      </div>
      {clips.length === 0 ? (
        <Empty>No audio yet. Record from a microphone or open WAV/FLAC/MP3 files.</Empty>
      ) : (
        <ul className="clips" data-testid="clip-list">
          {clips.map((clip) => (
            <li key={clip.id}>
              <button type="button" className={clip.id === selectedId ? 'selected' : ''} onClick={() => onSelect(clip.id)} title={clip.path}>
                <span className="name">{clip.name}</span>
                <span className="duration">{formatSeconds(clip.durationS)}</span>
                {clip.warnings.length > 0 && <span className="warnings" title={clip.warnings.map((w) => w.message).join('\n')}>⚠ {clip.warnings.length}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Pane>
  );
}
