// Meyda's mel filterbank (a dense filters × (bufferSize/2 + 1) array of number[]) packed for a fast
// per-frame dot product: each filter keeps only its span of non-zero weights, in bin order.
//
// Why skipping the zeros changes nothing: Meyda's melBands adds fround(0 · power) = 0 to a float32 sum
// for every bin outside the triangle, and adding 0 to a non-negative float32 leaves it unchanged.

export interface PackedFilterBank {
  readonly filterCount: number;
  /** Filter m covers bins firstBin[m] ≤ j < endBin[m] (empty when equal). */
  readonly firstBin: Int32Array;
  readonly endBin: Int32Array;
  /** Filter m's weight for bin j is weights[weightStart[m] + j − firstBin[m]]. */
  readonly weightStart: Int32Array;
  /** The weights exactly as Meyda computed them (doubles). */
  readonly weights: Float64Array;
}

/**
 * Packs the first `filterCount` filters of `bank`, reading bins below `binCount` only: Meyda's melBands
 * sums over the first bufferSize/2 bins, leaving out the Nyquist bin its bank also has.
 */
export function packFilterBank(bank: readonly (readonly number[])[], filterCount: number, binCount: number): PackedFilterBank {
  if (bank.length < filterCount) throw new Error(`the filterbank has ${bank.length} filters, ${filterCount} wanted`);
  const firstBin = new Int32Array(filterCount);
  const endBin = new Int32Array(filterCount);
  const weightStart = new Int32Array(filterCount);
  let total = 0;
  for (let m = 0; m < filterCount; m++) {
    const filter = bank[m]!;
    const bins = Math.min(binCount, filter.length);
    let first = 0;
    while (first < bins && filter[first] === 0) first++;
    let end = bins;
    while (end > first && filter[end - 1] === 0) end--;
    firstBin[m] = first;
    endBin[m] = end;
    weightStart[m] = total;
    total += end - first;
  }
  const weights = new Float64Array(total);
  for (let m = 0; m < filterCount; m++) {
    const filter = bank[m]!;
    for (let j = firstBin[m]!; j < endBin[m]!; j++) weights[weightStart[m]! + j - firstBin[m]!] = filter[j]!;
  }
  return { filterCount, firstBin, endBin, weightStart, weights };
}
