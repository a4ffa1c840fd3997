import { Empty, Pane } from './Pane';

export function AttentionPane() {
  return (
    <Pane title="Attention" testId="pane-attention" className="attention">
      <Empty>Cross-attention alignments (tokens × encoder frames) appear here after a run.</Empty>
    </Pane>
  );
}
