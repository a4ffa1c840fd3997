import { Empty, Pane } from './Pane';

export function TranscriptPane() {
  return (
    <Pane title="Transcript" testId="pane-transcript">
      <Empty>Transcripts from autoregressive and non-autoregressive decoding appear here.</Empty>
    </Pane>
  );
}
