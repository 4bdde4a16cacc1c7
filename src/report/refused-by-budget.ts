/**
 * SQL condition on an evaluation aliased `e`: the `--max-cost` budget refused every one of its judged criteria
 * (rule criteria are still evaluated locally), so it was never judged, only "not scheduled". A transcript with
 * at least one real judged verdict is not refused: it was judged in part. Bind `budget` to `BUDGET_EXCEEDED`.
 */
export const REFUSED_BY_BUDGET_SQL = `(EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id AND cr.error_code = @budget)
  AND NOT EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id AND cr.kind != 'rule' AND cr.error_code IS NOT @budget))`;
