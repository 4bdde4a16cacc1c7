import { stackJudges, type JudgeStackOptions } from '../judge/build-judge-stack.js';
import type { JudgeSettings } from '../judge/judge-settings.js';
import type { LlmJudge } from '../judge/llm/llm-judge.js';
import type { BatchLimits } from '../judge/provider/batch-client.js';
import { batchClientFor } from '../run/batch/batch-client-for.js';
import type { BatchRow } from '../store/batch-repository.js';
import { rebuildJudge } from '../run/batch/batch-judge-settings.js';
import type { BatchJudgeContext } from '../run/batch/collect-batches.js';
import type { Db } from '../store/open-database.js';
import { withBatchFits } from '../fit/batch-fits.js';
import { BatchError } from '../run/batch/batch-error.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';

/**
 * Resolves the judge, batch client and decorators for stored batches: `known` (the judge of this invocation)
 * when it matches a batch's judge and settings, otherwise the judge rebuilt from the batch's stored settings
 * (key from the environment), with the fits stored with the batch. One context per judge and settings.
 */
export function batchContexts(
  db: Db,
  stack: JudgeStackOptions,
  options: { known?: { llm: LlmJudge; settingsJson: string; limits?: Partial<BatchLimits> }; overrides?: JudgeSettings } = {},
): (row: BatchRow) => BatchJudgeContext {
  const contexts = new Map<string, BatchJudgeContext>();
  return (row) => {
    const key = `${row.judge}\u0000${row.judge_settings_json}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      const known = options.known;
      const llm =
        known && known.llm.name === row.judge && known.settingsJson === row.judge_settings_json
          ? known.llm
          : rebuildJudge(row.judge, row.judge_settings_json, options.overrides);
      ctx = {
        llm,
        client: batchClientFor(llm, known?.llm === llm ? known.limits : {}),
        stack: (answers, options = {}) => {
          // The fits the submission chose (their identities are stored with the batch), as `score` applies them.
          const cache = stack.cache !== false && options.cache !== false;
          const judge = withBatchFits(stackJudges([answers], { ...stack, cache, cacheStore: new JudgeCacheRepository(db) }), db, row.judge_settings_json);
          if ('missing' in judge) throw new BatchError('BATCH_FIT_MISSING', `batch ${row.id} was submitted with the fit of ${judge.missing.join(', ')}, not in this database`);
          return judge;
        },
      };
      contexts.set(key, ctx);
    }
    return ctx;
  };
}
