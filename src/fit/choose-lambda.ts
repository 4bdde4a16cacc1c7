import { fitRidge, ridgeScore } from './ridge.js';

/**
 * The L2 penalties a ridge fit chooses from (on standardised features). Each fit picks its own by inner
 * cross-validation on its training labels only ({@link chooseRidgeLambda}); nothing is tuned on a benchmark.
 */
export const RIDGE_LAMBDAS = [1, 10, 100, 1000, 10000] as const;
export const INNER_FOLDS = 5;
/** Seed of the inner fold split: fixed, so a fit is a pure function of its labels. */
export const INNER_SEED = 1;

/**
 * The penalty in `lambdas` with the lowest out-of-fold squared error of the ridge score against `y`, in
 * `folds`-fold cross-validation on (x, y) alone (the first of equals wins: the smaller λ). Deterministic.
 * `foldOf` is the fold of each row (see `foldsOf` in cross-validate.ts).
 */
export function chooseRidgeLambda(x: readonly number[][], y: readonly number[], foldOf: readonly number[], lambdas: readonly number[] = RIDGE_LAMBDAS): number {
  const folds = Math.max(...foldOf) + 1;
  let best = lambdas[0]!;
  let bestError = Infinity;
  for (const lambda of lambdas) {
    let error = 0;
    for (let f = 0; f < folds; f++) {
      const train = x.map((_, i) => i).filter((i) => foldOf[i] !== f);
      const m = fitRidge(
        train.map((i) => x[i]!),
        train.map((i) => y[i]!),
        lambda,
      );
      x.forEach((row, i) => {
        if (foldOf[i] === f) error += (ridgeScore(m, row) - y[i]!) ** 2;
      });
    }
    if (error < bestError - 1e-9) {
      bestError = error;
      best = lambda;
    }
  }
  return best;
}
