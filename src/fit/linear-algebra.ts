/** Solves A·x = b for a small dense symmetric positive-definite A (Gaussian elimination, partial pivoting). */
export function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error('singular system');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Column means and standard deviations (a constant column gets sd 1, so it standardises to 0). */
export function standardiser(x: readonly number[][]): { mean: number[]; sd: number[] } {
  const d = x[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / x.length);
  const sd = mean.map((mu, j) => {
    const v = x.reduce((s, r) => s + (r[j]! - mu) ** 2, 0) / x.length;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  return { mean, sd };
}

export function standardise(row: readonly number[], st: { mean: readonly number[]; sd: readonly number[] }): number[] {
  return row.map((v, j) => (v - st.mean[j]!) / st.sd[j]!);
}
