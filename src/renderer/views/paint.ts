// Heatmaps on a canvas at the matrix's own resolution (one pixel per cell; CSS scales it up with
// nearest-neighbour sampling), normalised per matrix to a perceptual colour ramp.

/** A small viridis-like ramp: dark blue → teal → yellow. */
function colour(v: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.max(0, Math.min(1, v)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const t = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function paintMatrix(
  canvas: HTMLCanvasElement,
  data: Float32Array,
  rows: number,
  columns: number,
  options: { flip?: boolean; highlightRow?: number | undefined; band?: { left: number; right: number } } = {},
): void {
  canvas.width = Math.max(1, columns);
  canvas.height = Math.max(1, rows);
  const context = canvas.getContext('2d');
  if (!context || rows === 0 || columns === 0) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows * columns; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const span = hi - lo || 1;
  const image = context.createImageData(columns, rows);
  for (let r = 0; r < rows; r++) {
    const y = options.flip ? rows - 1 - r : r;
    const dim = options.highlightRow !== undefined && options.highlightRow !== r;
    for (let c = 0; c < columns; c++) {
      const [red, green, blue] = colour((data[r * columns + c]! - lo) / span);
      const at = (y * columns + c) * 4;
      image.data[at] = red;
      image.data[at + 1] = green;
      image.data[at + 2] = blue;
      image.data[at + 3] = dim ? 110 : 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** Row-major rows × columns → columns × rows (features are frames × mels; the view wants mels × frames). */
export function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c]!;
  return out;
}
