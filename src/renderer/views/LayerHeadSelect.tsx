// The layer and head pickers of an attention view (each, or -1 for the mean over them): the attention pane's and the
// decoding explorer's step row use the same two selects.

export interface LayerHeadSelectProps {
  layers: number;
  heads: number;
  layer: number;
  head: number;
  onChange(layer: number, head: number): void;
  /** aria-labels and data-testids of the two selects. */
  labels: { layer: string; head: string };
  testIds: { layer: string; head: string };
}

export function LayerHeadSelect({ layers, heads, layer, head, onChange, labels, testIds }: LayerHeadSelectProps) {
  return (
    <>
      <select value={layer} onChange={(e) => onChange(Number(e.target.value), head)} aria-label={labels.layer} data-testid={testIds.layer}>
        <option value={-1}>all layers (mean)</option>
        {Array.from({ length: layers }, (_, l) => (
          <option key={l} value={l}>
            layer {l + 1}
          </option>
        ))}
      </select>
      <select value={head} onChange={(e) => onChange(layer, Number(e.target.value))} aria-label={labels.head} data-testid={testIds.head}>
        <option value={-1}>all heads (mean)</option>
        {Array.from({ length: heads }, (_, h) => (
          <option key={h} value={h}>
            head {h + 1}
          </option>
        ))}
      </select>
    </>
  );
}
