import Table from 'cli-table3';
import { terminalSafe } from '../report/terminal-safe.js';
import type { CalibrationReport } from '../calibrate/calibrate-run.js';
import type { CriterionAgreement, Statistic } from '../calibrate/criterion-agreement.js';

/** The human-readable report of `cxqa calibrate`: one block per criterion. */
export function formatCalibration(report: CalibrationReport): string {
  const out: string[] = [
    `calibration of ${report.judge} on ${report.eval} (${report.items} transcripts) · rubric ${report.rubric.id}@${report.rubric.version} · run ${report.run_id}`,
    '',
  ];
  const summary = new Table({
    head: ['criterion', 'n', 'accuracy', 'kappa*', 'alpha', 'spearman', 'MAE', 'human α', 'gate'],
    style: { head: [], border: [] },
  });
  for (const [id, c] of Object.entries(report.criteria)) {
    const kappaStat: Statistic = c.kind === 'scale' ? 'weighted_kappa' : 'kappa';
    summary.push([
      id,
      String(c.n),
      withCi(c, 'accuracy'),
      withCi(c, kappaStat),
      withCi(c, 'alpha'),
      withCi(c, 'spearman'),
      withCi(c, 'mae'),
      num(c.human_alpha),
      gateText(c),
    ]);
  }
  out.push(summary.toString(), '* quadratic-weighted for scales, unweighted otherwise; [95% bootstrap CI]', '');
  out.push(...baselineTable(report));
  for (const [id, c] of Object.entries(report.criteria)) out.push(...criterionDetail(id, c), '');
  return terminalSafe(`${out.join('\n')}\n`);
}

/**
 * The held-out-human baseline: per criterion, one held-out rater and the judge against the same reference,
 * and their ratio, phrased the way a QA lead asks it ("judge reaches 0.51 of one more human").
 */
function baselineTable(report: CalibrationReport): string[] {
  const rows = Object.entries(report.criteria).filter(([, c]) => c.human_baseline || c.human_ratio_gate);
  if (rows.length === 0) return [];
  const t = new Table({
    head: ['criterion', 'items', 'held-out human α', 'judge α', 'human κ*', 'judge κ*', 'human ρ', 'judge ρ', 'ratio', 'gate'],
    style: { head: [], border: [] },
  });
  const sentences: string[] = [];
  for (const [id, c] of rows) {
    const b = c.human_baseline;
    const gate = c.human_ratio_gate;
    const gateCell = gate ? `${gate.passed ? 'PASS' : 'FAIL'} (low ${gate.low === null ? 'n/a' : gate.low.toFixed(2)} vs ${gate.min_human_ratio})` : '-';
    if (!b) {
      t.push([id, '0', '-', '-', '-', '-', '-', '-', '-', gateCell]);
      continue;
    }
    const scale = c.kind === 'scale';
    const k: 'kappa' | 'weighted_kappa' = scale ? 'weighted_kappa' : 'kappa';
    t.push([
      id,
      String(b.items),
      withBaselineCi(b.alpha, b.ci95.alpha),
      withBaselineCi(b.judge_alpha, b.ci95.judge_alpha),
      withBaselineCi(b[k], b.ci95[k]),
      withBaselineCi(b[`judge_${k}`], b.ci95[`judge_${k}`]),
      scale ? withBaselineCi(b.spearman, b.ci95.spearman) : '-',
      scale ? withBaselineCi(b.judge_spearman, b.ci95.judge_spearman) : '-',
      withBaselineCi(b.ratio, b.ci95.ratio),
      gateCell,
    ]);
    if (b.ratio !== null) sentences.push(`${id}: judge reaches ${b.ratio.toFixed(2)} of one more human (α ${num(b.judge_alpha)} vs ${num(b.alpha)})`);
  }
  return [
    'held-out-human baseline (items with 3+ raters; one rater held out, reference = median/majority of the others; judge and held-out rater vs that same reference)',
    t.toString(),
    ...sentences,
    '',
  ];
}

function withBaselineCi(v: number | null, ci: [number | null, number | null] | undefined): string {
  if (v === null) return '-';
  return ci && ci[0] !== null && ci[1] !== null ? `${v.toFixed(2)} [${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}]` : v.toFixed(2);
}

function criterionDetail(id: string, c: CriterionAgreement): string[] {
  const lines = [`## ${id} (${c.kind}) — n ${c.n}, raters ${c.raters}, UAR ${withCi(c, 'uar')}`];
  const prevalence = Object.entries(c.prevalence)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`)
    .join(', ');
  lines.push(`reference labels: ${prevalence || '-'}`);
  const ex = c.excluded;
  if (ex.judge_error || ex.no_reference || ex.judge_na) {
    lines.push(`left out: ${ex.judge_error} judge errors, ${ex.no_reference} without a reference label (no rater value, or raters tied), ${ex.judge_na} judge N/A`);
  }
  if (c.confusion.matrix.length) {
    const t = new Table({ head: ['ref \\ judge', ...c.confusion.labels.map(String)], style: { head: [], border: [] } });
    c.confusion.matrix.forEach((row, i) => t.push([String(c.confusion.labels[i]), ...row.map(String)]));
    lines.push(t.toString());
  }
  if (c.worst.length) lines.push(`largest disagreements: ${c.worst.join(', ')}`);
  for (const w of c.warnings) lines.push(`warning: ${w}`);
  return lines;
}

function withCi(c: CriterionAgreement, stat: Statistic): string {
  const v = c[stat];
  if (v === null || v === undefined) return '-';
  const ci = c.ci95[stat];
  return ci && ci[0] !== null && ci[1] !== null ? `${v.toFixed(2)} [${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}]` : v.toFixed(2);
}

function gateText(c: CriterionAgreement): string {
  if (!c.gate) return '-';
  const low = c.gate.low === null ? 'n/a' : c.gate.low.toFixed(2);
  return `${c.gate.passed ? 'PASS' : 'FAIL'} (low ${low} vs ${c.gate.min_kappa})`;
}

function num(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}
