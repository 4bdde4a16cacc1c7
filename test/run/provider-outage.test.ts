import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAlerts } from '../../src/alerts/check-alerts.js';
import { outcomeReport } from '../../src/metrics/outcome-report.js';
import { exportRecords } from '../../src/report/export-records.js';
import { formatSummaryTable } from '../../src/report/summary-table.js';
import { summarizeRun } from '../../src/report/run-summary.js';
import { parseRubric } from '../../src/rubric/load.js';
import { scoreRun } from '../../src/run/score-run.js';
import { openDatabase } from '../../src/store/open-database.js';
import { getRun } from '../../src/store/run-repository.js';
import type { ScriptedServer } from '../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { goodAnswer, judgeFor, miniRubric, MINI_RUBRIC_YAML, openaiHarness as h, orderTranscript } from '../judge/llm/llm-fixtures.js';

const tempDir = useTempDir();
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Two good transcripts, then a provider outage over the wire (a loopback OpenAI-protocol server): a 500, a
 * 429 and malformed output (twice: the answer and its repair). No SDK retries, so each fault is one request.
 */
async function outageRun(rubricYaml = MINI_RUBRIC_YAML) {
  const server = await h.start();
  servers.push(server);
  server.enqueue(h.answer(goodAnswer()), h.answer(goodAnswer()), h.serverError(), h.rateLimited(), h.malformed(), h.malformed());
  const db = openDatabase(pathIn(tempDir(), 'outage.db'));
  const lines = Array.from({ length: 5 }, () => `${JSON.stringify(orderTranscript())}\n`);
  const rubric = rubricYaml === MINI_RUBRIC_YAML ? miniRubric() : parseRubric(rubricYaml, 'mini.yaml');
  const judge = judgeFor(h, server.baseURL, { maxRetries: 0 });
  const result = await scoreRun({ db, input: Readable.from(lines), inputName: 'mem', rubric, judge, concurrency: 1, writeBatch: { maxItems: 1 } });
  return { db, result, rubric, server };
}

describe('a failed judge never raises a score (provider outage over the wire)', () => {
  it('transcripts whose model criteria failed have qa_score null (partial); the run mean is the good ones’ mean', async () => {
    const { db, result, rubric, server } = await outageRun();
    expect(server.requests).toHaveLength(6);
    const records = [...exportRecords(db, result.runId)];
    expect(records.map((r) => [r.status, r.qa_score])).toEqual([
      ['scored', records[0]!.qa_score],
      ['scored', records[0]!.qa_score],
      ['partial', null],
      ['partial', null],
      ['partial', null],
    ]);
    const good = records[0]!.qa_score!;
    expect(good).toBeLessThan(100); // the rule-only score of the failed ones would be 100 and pull the mean up
    expect(Object.values(records[2]!.criteria).map((c) => c.error?.code ?? null)).toContain('PROVIDER_500');
    expect(Object.values(records[3]!.criteria).map((c) => c.error?.code ?? null)).toContain('PROVIDER_429');

    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.qa_score).toMatchObject({ mean: good, min: good, max: good, n: 2, partial_left_out: 3 });
    expect(formatSummaryTable(summary, rubric.rubric)).toContain(`QA score: mean ${good.toFixed(1)} over 2 fully scored; 3 partial left out`);
    // Outcomes use the same rule and say how many were left out; the judge error rate is itself an alert.
    expect(outcomeReport(db, result.runId).all).toMatchObject({ n: 5, qa_score_mean: good, qa_n: 2, qa_left_out: 3 });
    expect(checkAlerts(summary, { judge_error_rate_max: 0.05, qa_score_mean_min: good }).map((a) => a.alert)).toEqual(['judge_error_rate']);
    db.close();
  });

  it('`partial: score_available` keeps the score over the criteria that were judged', async () => {
    const { db, result } = await outageRun(MINI_RUBRIC_YAML.replace('title: Mini QA', 'title: Mini QA\npartial: score_available'));
    const records = [...exportRecords(db, result.runId)];
    expect(records.slice(2).map((r) => [r.status, r.qa_score])).toEqual([
      ['partial', 100],
      ['partial', 100],
      ['partial', 100],
    ]);
    expect(summarizeRun(db, getRun(db, result.runId)!).qa_score).toMatchObject({ n: 5, partial_left_out: 0 });
    db.close();
  });
});
