import { Command, Option } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { PriceTable } from '../judge/cost/price-table.js';
import { selectMemberJudges, type JudgeStackOptions } from '../judge/build-judge-stack.js';
import type { Judge } from '../judge/judge.js';
import { selectJudge } from '../judge/select-judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import { warn } from './io.js';
import { parseChoice } from './parse-options.js';
import { CALL_PER_CHOICES, judgeSettingsFor, judgeSettingsFromFlags, parseNonNegativeInt, parseNumberIn, type JudgeFlags } from './parse-judge-options.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';

/** Flags every command that runs a judge shares (`score`, `calibrate`). */
export interface JudgeCommandFlags extends JudgeFlags {
  judge?: string;
  /** false with --no-cache. */
  cache: boolean;
  /** --rejudge: judge stored work again (implies no judge-cache reads). */
  rejudge?: boolean;
  config?: string;
}

/** Adds the judge flags to a command, with the same names and help everywhere. */
export function addJudgeOptions(cmd: Command): Command {
  return cmd
    .option('-j, --judge <spec>', 'offline (default, or the rubric\'s judge.name), openai:<model>, anthropic:<model>, or a comma-separated panel')
    .option(
      '--no-cache',
      'do not read or write the judge cache (model answers stored by judge, prompt, rubric and transcript); transcripts already scored in this database are still reused — use --rejudge to judge them again',
    )
    .option('--rejudge', 'judge again transcripts this database already holds as scored with this rubric and judge (fresh calls, no judge cache); the fresh results are what reports show from then on')
    .option('--config <file>', 'config file with price overrides and alerts (default: ./cxqa.config.yaml if present)')
    .option('--base-url <url>', 'OpenAI-compatible server for openai:<model> judges (Ollama, vLLM, llama.cpp, LM Studio); default OPENAI_BASE_URL / ANTHROPIC_BASE_URL or the rubric\'s judge.base_url')
    .addOption(new Option('--timeout <seconds>', 'per-request timeout of model judges, response body included (default 120)').argParser(parseNumberIn('--timeout', 0, 3600, true)))
    .addOption(new Option('--max-retries <n>', 'retries of a failed model request, honouring retry-after (default 2)').argParser(parseNonNegativeInt('--max-retries')))
    .addOption(
      new Option('--max-retry-wait <seconds>', 'longest retry-after wait honoured; a longer one is not waited for: the call fails (PROVIDER_429) and the run goes on (default 60)').argParser(
        parseNumberIn('--max-retry-wait', 0, 86_400),
      ),
    )
    .addOption(new Option('--call-per <mode>', 'one model call per transcript (all criteria) or per criterion (default transcript)').argParser(parseChoice('--call-per', CALL_PER_CHOICES)))
    .addOption(new Option('--temperature <t>', 'sampling temperature of model judges (default 0, or the rubric\'s judge.temperature)').argParser(parseNumberIn('--temperature', 0, 2)));
}

/** The judge spec in force: `--judge`, else the rubric's `judge.name`, else `offline`. */
export function judgeSpec(flags: JudgeCommandFlags, rubric: LoadedRubric): string {
  return flags.judge ?? rubric.rubric.judge?.name ?? 'offline';
}

/**
 * Builds the member judges of the spec, with the settings of the flags (converted once) over the rubric's.
 * Everything checkable (unknown judge, missing key, bad option) fails here, before a database is opened or any
 * work starts. Wrap them with `stackJudges` (cache, cost, budget, panel).
 */
export function selectCommandJudges(flags: JudgeCommandFlags, rubric: LoadedRubric): Judge[] {
  const fromFlags = judgeSettingsFromFlags(flags);
  return selectMemberJudges(judgeSpec(flags, rubric), (member) => selectJudge(member, judgeSettingsFor(fromFlags, rubric.rubric, member)));
}

/** Loads the config and a price table, warning once per model without a price. */
export function judgeStackOptions(flags: JudgeCommandFlags): { config: LoadedConfig['config']; stack: JudgeStackOptions } {
  const { config } = loadConfig(flags.config);
  const unpriced = new Set<string>();
  const onUnknownPrice = (name: string) => {
    if (unpriced.has(name)) return;
    unpriced.add(name);
    warn(`no price known for ${name}: its cost is reported as unknown; add prices["${name}"] to cxqa.config.yaml`);
  };
  return { config, stack: { prices: new PriceTable(config.prices), cache: flags.cache && !flags.rejudge, onUnknownPrice } };
}
