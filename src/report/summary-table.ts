import Table from 'cli-table3';
import { terminalSafe } from './terminal-safe.js';
import type { Rubric } from '../rubric/schema.js';
import type { CriterionSummary, RunSummary } from './run-summary.js';

/** The human-readable run summary printed by `cxqa score`. */
export function formatSummaryTable(summary: RunSummary, rubric: Rubric): string {
  const t = summary.transcripts;
  const qa = summary.qa_score;
  const head = [
    `run ${summary.run_id} · rubric ${summary.rubric.id}@${summary.rubric.version} · judge ${summary.judge}`,
    `transcripts: ${t.read} read, ${t.scored} scored (${t.reused} reused from earlier runs${t.partial ? `, ${t.partial} partial` : ''}), ${t.failed} failed` +
      `${t.skipped ? `, ${t.skipped} skipped (before --since)` : ''}${t.unselected ? `, ${t.unselected} outside the sample or shard` : ''}`,
    `QA score: mean ${fmt(qa.mean)} over ${qa.n} fully scored${qa.partial_left_out ? `; ${qa.partial_left_out} partial left out` : ''} (min ${fmt(qa.min)}, max ${fmt(qa.max)}) · auto-fail ${qa.auto_fail}`,
  ];
  head.push(`governance: ${summary.rule_violations} with a failed rule · injection suspects ${summary.injection_suspects}`);
  head.push(...describeDeclined(summary));
  const cost = summary.cost;
  if (cost && (cost.calls > 0 || cost.cache_hits > 0)) {
    const unpriced = cost.unpriced_calls > 0 ? ` (${cost.unpriced_calls} calls without a known price not included)` : '';
    head.push(
      `cost: $${cost.usd.toFixed(4)}${unpriced} · ${cost.input_tokens} input / ${cost.output_tokens} output tokens · ${cost.calls} calls, ${cost.cache_hits} cache hits`,
    );
  }
  const judgedVerdicts = Object.values(summary.criteria).reduce((sum, s) => sum + s.n + s.na, 0);
  if (summary.unverified_evidence > 0) {
    const share = judgedVerdicts > 0 ? ` (${Math.round((summary.unverified_evidence / judgedVerdicts) * 100)}% of verdicts)` : '';
    head.push(`evidence: ${summary.unverified_evidence} verdicts cite a quote not found in the transcript${share}`);
  }
  const table = new Table({
    head: ['criterion', 'kind', 'weight', 'n', 'N/A', 'errors', 'unverified', 'result'],
    style: { head: [], border: [] },
  });
  for (const c of rubric.criteria) {
    const s = summary.criteria[c.id];
    const weight = `${c.weight}${c.critical ? ' (critical)' : ''}`;
    if (!s) {
      table.push([c.id, c.kind, weight, '0', '0', '0', '0', '-']);
      continue;
    }
    const errors = s.disputed > 0 ? `${s.errors} (${s.disputed} disputed)` : String(s.errors);
    table.push([c.id, c.kind, weight, String(s.n), String(s.na), errors, String(s.unverified_evidence ?? 0), describeResult(s)]);
  }
  return terminalSafe(`${head.join('\n')}\n${table.toString()}\n`);
}

/** One line per N/A code a judge gave: expected answers, shown so nobody mistakes them for scores or errors. */
function describeDeclined(summary: RunSummary): string[] {
  const lines: string[] = [];
  const plural = (n: number) => `${n} conversation${n === 1 ? '' : 's'}`;
  for (const [code, d] of Object.entries(summary.declined ?? {})) {
    if (code === 'OFFLINE_LANGUAGE') {
      lines.push(`not in English: ${plural(d.conversations)} (OFFLINE_LANGUAGE): judged criteria N/A and no QA score (left out of the mean); rules were checked`);
    } else if (code === 'OFFLINE_UNSUPPORTED') {
      lines.push(`not scored by the offline judge: ${d.criteria.join(', ')} (OFFLINE_UNSUPPORTED, N/A in ${plural(d.conversations)}; no QA score while one of them has a weight); see \`cxqa rubric check\``);
    } else lines.push(`N/A ${code}: ${plural(d.conversations)} (${d.criteria.join(', ')})`);
  }
  return lines;
}

function describeResult(s: CriterionSummary): string {
  if (s.kind === 'scale') return s.mean === null ? '-' : `mean ${s.mean.toFixed(2)}  ${distribution(s)}`;
  if (s.pass_rate !== null) return `pass ${Math.round(s.pass_rate * 100)}%  ${distribution(s)}`;
  return distribution(s) || '-';
}

function distribution(s: CriterionSummary): string {
  const entries = Object.entries(s.distribution);
  if (s.kind === 'scale') entries.sort((a, b) => Number(a[0]) - Number(b[0]));
  else entries.sort((a, b) => b[1] - a[1]);
  return entries.map(([k, v]) => `${k}:${v}`).join(' ');
}

function fmt(x: number | null): string {
  return x === null ? '-' : x.toFixed(1);
}
