import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { goodAnswer, orderTranscript } from '../../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, query, useBatchWorkspace } from './batch-harness.js';

/** The good answer with another tone: tells a fresh answer from the cached one. */
function toneAnswer(value: number) {
  const answer = goodAnswer();
  answer.verdicts.tone = { ...(answer.verdicts.tone as object), value };
  return answer;
}

describe.each(BATCH_HARNESSES)('score --mode batch --rejudge ($provider)', (h) => {
  const tempDir = useTempDir();
  const env = useBatchWorkspace(h, tempDir);


  const score = (...extra: string[]) =>
    runCli(['score', '-i', env.ws.input, '-r', env.ws.rubricFile, '--judge', h.spec, '--base-url', env.server.baseURL, '--db', env.ws.dbPath, '--config', env.ws.configFile, '--quiet', '--mode', 'batch', ...extra]);
  const collect = () => runCli(['batch', 'collect', '--db', env.ws.dbPath, '--config', env.ws.configFile, '--wait', '--poll-interval', '0.01']);
  /** Every attempt at tone, oldest first: (transcript, run, value). */
  const toneAttempts = () =>
    query<{ transcript_id: string; run_id: string; value_json: string }>(
      env.ws.dbPath,
      `SELECT e.transcript_id, e.run_id, r.value_json FROM criterion_results r JOIN evaluations e ON e.id = r.evaluation_id
        WHERE r.criterion_id = 'tone' ORDER BY e.id`,
    );

  it('submits work already scored again, without the judge cache, and stores the fresh answers as new attempts (the old ones stay)', async () => {
    writeFileSync(env.ws.input, `${[orderTranscript(), orderTranscript()].map((t) => JSON.stringify(t)).join('\n')}\n`);
    await env.start();
    const first = await score('--wait', '--poll-interval', '0.01', '--json');
    expect(first.code).toBe(0);
    // Without --rejudge: everything is reused, nothing submitted.
    const again = JSON.parse((await score('--json')).stdout) as { reused: number; submitted: number };
    expect(again).toMatchObject({ reused: 2, submitted: 0 });
    expect(env.server.batchSizes()).toEqual([2]);

    // The provider now answers tone 2: a cached (earlier) answer would say 4.
    env.server.rescript({ answer: toneAnswer(2) });
    const rejudge = await score('--rejudge', '--json');
    expect(rejudge.code).toBe(0);
    const submitted = JSON.parse(rejudge.stdout) as { run_id: string; reused: number; submitted: number; stored_now: number };
    expect(submitted).toMatchObject({ reused: 0, submitted: 2, stored_now: 0 });
    expect(env.server.batchSizes()).toEqual([2, 2]);
    expect(query<{ options_json: string }>(env.ws.dbPath, 'SELECT options_json FROM runs WHERE id = ?', submitted.run_id)[0]!.options_json).toContain('"rejudge":true');

    // Collected by a separate process: the batch's --rejudge applies there too.
    expect((await collect()).code).toBe(0);
    const attempts = toneAttempts();
    expect(attempts.map((a) => a.value_json)).toEqual(['4', '4', '2', '2']);
    expect(attempts.slice(2).every((a) => a.run_id === submitted.run_id)).toBe(true);
    const exported = (await runCli(['export', '--db', env.ws.dbPath, '--format', 'jsonl', '--run', submitted.run_id])).stdout.trim().split('\n');
    expect(exported.map((l) => (JSON.parse(l) as { evaluated_in_run: string }).evaluated_in_run)).toEqual([submitted.run_id, submitted.run_id]);
    expect((await runCli(['audit', 'verify', '--db', env.ws.dbPath])).code).toBe(0);

    // Afterwards the fresh results are the ones reused.
    const after = JSON.parse((await score('--json')).stdout) as { reused: number; submitted: number };
    expect(after).toMatchObject({ reused: 2, submitted: 0 });
    expect(env.server.batchSizes()).toEqual([2, 2]);
  });

  it('with --wait: one run submits, collects and reports the fresh results', async () => {
    writeFileSync(env.ws.input, `${JSON.stringify(orderTranscript())}\n`);
    await env.start();
    expect((await score('--wait', '--poll-interval', '0.01')).code).toBe(0);
    env.server.rescript({ answer: toneAnswer(3) });
    const r = await score('--rejudge', '--wait', '--poll-interval', '0.01', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { transcripts: { scored: number; reused: number } }).transcripts).toMatchObject({ scored: 1, reused: 0 });
    expect(toneAttempts().map((a) => a.value_json)).toEqual(['4', '3']);
  });
});
