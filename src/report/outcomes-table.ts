import Table from 'cli-table3';
import { terminalSafe } from './terminal-safe.js';
import type { OutcomeGroup } from '../metrics/outcome-group.js';
import type { OutcomeReport } from '../metrics/outcome-report.js';

/** The human-readable outcome report printed by `cxqa outcomes`. */
export function formatOutcomesTable(r: OutcomeReport): string {
  const d = r.deflection;
  const head = [
    `outcomes of ${describe(r.selection)} · ${r.all.n} conversations · repeat contact window ${r.window_hours} h` +
      (r.failed_left_out > 0 ? ` · ${r.failed_left_out} failed evaluations left out` : ''),
    `deflection is not resolution: the bot kept ${pct(d.contained_rate)} of conversations from humans and truly resolved ${pct(d.bot_true_resolution_rate)} of all;` +
      ` ${pct(d.contained_not_resolved_rate)} were kept from humans but not truly resolved`,
  ];
  const table = new Table({
    head: ['handled by', 'n', 'resolved', `repeat ≤ ${r.window_hours} h`, 'true resolution', 'escalated', 'unresolved', 'abandoned', 'turns to resolution', 'minutes to resolution', 'survey CSAT (n)', 'Auto-CSAT', 'QA'],
    style: { head: [], border: [] },
  });
  const row = (label: string, g: OutcomeGroup) => [
    label,
    g.n,
    pct(g.resolved_rate),
    pct(g.repeat_contact_rate),
    pct(g.true_resolution_rate),
    g.outcomes.escalated,
    g.outcomes.unresolved,
    g.outcomes.abandoned,
    num(g.median_turns_to_resolution),
    num(g.median_minutes_to_resolution),
    g.survey_n > 0 ? `${num(g.survey_csat_mean)} (${g.survey_n})` : '-',
    num(g.auto_csat_mean),
    qa(g),
  ];
  table.push(row('all', r.all), row('bot only (contained)', r.by_handler.bot), row('human agent', r.by_handler.human));
  if (r.by_handler.none.n > 0) table.push(row('nobody answered', r.by_handler.none));
  table.push(row('bot → human hand-off', r.escalation));
  const lines = [...head, table.toString()];
  if (r.all.pending > 0) {
    lines.push(
      `pending: ${r.all.pending} resolved conversations started less than ${r.window_hours} h before ${r.as_of}; their window is still open, so they are not counted as truly resolved yet`,
    );
  }
  if (r.escalation.handoff_judged > 0) lines.push(`hand-offs judged good: ${pct(r.escalation.handoff_pass_rate)} of ${r.escalation.handoff_judged}`);
  if (r.agents.length > 0) {
    const agents = new Table({
      head: ['agent', 'n', 'QA', 'auto-fail', 'resolved', 'true resolution', 'survey CSAT (n)', 'Auto-CSAT'],
      style: { head: [], border: [] },
    });
    for (const a of r.agents) {
      agents.push([a.agent_id, a.n, qa(a), a.auto_fail, pct(a.resolved_rate), pct(a.true_resolution_rate), a.survey_n > 0 ? `${num(a.survey_csat_mean)} (${a.survey_n})` : '-', num(a.auto_csat_mean)]);
    }
    lines.push('per agent (conversations a human agent took part in):', agents.toString());
  }
  return terminalSafe(`${lines.join('\n')}\n`);
}

function describe(s: OutcomeReport['selection']): string {
  const range = s.from || s.to ? `, conversations ${s.from?.slice(0, 10) ?? '…'} to ${s.to?.slice(0, 10) ?? '…'}` : '';
  return s.run_id !== null ? `run ${s.run_id}${range}` : `rubric ${s.rubric_id} (every score run)${range}`;
}

function pct(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)} %`;
}

function num(x: number | null): string {
  return x === null ? '-' : String(Math.round(x * 100) / 100);
}

/** The QA mean over fully scored conversations, saying how many were left out (a judgement failed). */
function qa(g: { qa_score_mean: number | null; qa_left_out: number }): string {
  return g.qa_left_out > 0 ? `${num(g.qa_score_mean)} (${g.qa_left_out} left out)` : num(g.qa_score_mean);
}
