import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

describe('cxqa outcomes', () => {
  const tmp = useTempDir();

  it('on the bundled samples: deflection beside true resolution, every conversation in exactly one handler group', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    expect((await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db, '--quiet'])).code).toBe(0);
    const text = await runCli(['outcomes', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/deflection is not resolution: the bot kept [\d.]+ % of conversations from humans and truly resolved [\d.]+ % of all/);
    expect(text.stdout).toContain('per agent');
    const json = await runCli(['outcomes', '--db', db, '--json']);
    const r = JSON.parse(json.stdout) as {
      all: { n: number; true_resolved: number; outcomes: Record<string, number> };
      by_handler: Record<'bot' | 'human' | 'none', { n: number; true_resolved: number }>;
      deflection: { contained_rate: number; bot_true_resolution_rate: number; contained_not_resolved_rate: number };
      agents: { agent_id: string; n: number }[];
    };
    expect(r.all.n).toBe(48);
    expect(r.by_handler.bot.n + r.by_handler.human.n + r.by_handler.none.n).toBe(48);
    expect(r.by_handler.bot.true_resolved + r.by_handler.human.true_resolved + r.by_handler.none.true_resolved).toBe(r.all.true_resolved);
    // The samples hold repeat contacts after "resolved" bot chats: true resolution is below the judged rate.
    expect(r.all.true_resolved).toBeLessThan(r.all.outcomes['resolved']!);
    expect(r.deflection.contained_rate).toBeCloseTo(r.deflection.bot_true_resolution_rate + r.deflection.contained_not_resolved_rate, 3);
    expect(r.agents.reduce((n, a) => n + a.n, 0)).toBeLessThanOrEqual(r.by_handler.human.n);
  });

  it('exits 2 with a clear message for a missing database or run', async () => {
    const missing = await runCli(['outcomes', '--db', pathIn(tmp(), 'nope.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cxqa: error: no database at ${pathIn(tmp(), 'nope.db')}`);
    const db = pathIn(tmp(), 'cxqa.db');
    await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db, '--quiet']);
    const noRun = await runCli(['outcomes', '--db', db, '--run', 'run-nope']);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('no run "run-nope"');
  });
});
