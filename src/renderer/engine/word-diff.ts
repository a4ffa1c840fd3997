// A word diff for compare mode: the longest common subsequence of two transcripts' words, so the
// view can mark what only AT or only NAT produced.

export type DiffOp = { kind: 'same'; word: string } | { kind: 'left'; word: string } | { kind: 'right'; word: string };

export function wordDiff(left: readonly string[], right: readonly string[]): DiffOp[] {
  const n = left.length;
  const m = right.length;
  // lcs[i][j]: LCS length of left[i..] and right[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = left[i] === right[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (left[i] === right[j]) {
      ops.push({ kind: 'same', word: left[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: 'left', word: left[i++]! });
    else ops.push({ kind: 'right', word: right[j++]! });
  }
  while (i < n) ops.push({ kind: 'left', word: left[i++]! });
  while (j < m) ops.push({ kind: 'right', word: right[j++]! });
  return ops;
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}
