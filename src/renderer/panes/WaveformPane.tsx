import type { AudioClip } from '../model';
import { formatSeconds } from '../model';
import { Empty, Pane } from './Pane';

export function WaveformPane({ clip }: { clip: AudioClip | undefined }) {
  return (
    <Pane title="Waveform" testId="pane-waveform" className="waveform">
      {clip ? (
        <dl className="facts" data-testid="waveform-clip">
          <dt>Clip</dt>
          <dd>{clip.name}</dd>
          <dt>Duration</dt>
          <dd>{formatSeconds(clip.durationS)}</dd>
          <dt>Samples</dt>
          <dd>{clip.samples.length.toLocaleString('en')} at 16 kHz</dd>
        </dl>
      ) : (
        <Empty>Open a file or record to see its waveform.</Empty>
      )}
    </Pane>
  );
}
