// Which hypothesis words are wrong: a minimum-edit alignment of the hypothesis's words against the
// reference's (the tie-breaking of src/core/score.ts editCounts: diagonal, then deletion, then insertion),
// traced back; a hypothesis word is right when it is matched to an equal reference word, wrong when it is
// substituted or inserted. (Deleted reference words have no hypothesis word to mark.)

export function hypothesisWordsRight(reference: readonly string[], hypothesis: readonly string[]): boolean[] {
  const n = reference.length;
  const m = hypothesis.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const move: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? 2 : j === 0 ? 1 : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      let best = cost[i - 1]![j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      let how = 0;
      if (cost[i - 1]![j]! + 1 < best) (best = cost[i - 1]![j]! + 1), (how = 1); // deletion
      if (cost[i]![j - 1]! + 1 < best) (best = cost[i]![j - 1]! + 1), (how = 2); // insertion
      cost[i]![j] = best;
      move[i]![j] = how;
    }
  }
  const right = new Array<boolean>(m).fill(false);
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = move[i]![j]!;
    if (how === 0) {
      right[j - 1] = reference[i - 1] === hypothesis[j - 1];
      i--;
      j--;
    } else if (how === 1) i--;
    else j--;
  }
  return right;
}
