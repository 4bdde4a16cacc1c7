import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BATCH_PRICE_FACTOR } from '../../src/judge/cost/compute-cost.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';

interface DryRunJson {
  mode: string;
  price_factor: number;
  transcripts: { cost_usd: number; input_tokens: number }[];
  total: { cost_usd: number; input_tokens: number; output_tokens: number };
}

describe('cxqa score --dry-run --mode batch', () => {
  const tmp = useTempDir();
  const dryRun = (db: string, ...extra: string[]) => runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'openai:gpt-4.1-mini', '--db', db, '--dry-run', ...extra]);

  it('estimates at the batch API price (half the list price) and says so, in --json and in text', async () => {
    expect(BATCH_PRICE_FACTOR).toBe(0.5);
    const db = pathIn(tmp(), 'cxqa.db');
    const sync = await dryRun(db, '--json');
    const batch = await dryRun(db, '--json', '--mode', 'batch');
    expect(sync.code).toBe(0);
    expect(batch.code).toBe(0);
    const s = JSON.parse(sync.stdout) as DryRunJson;
    const b = JSON.parse(batch.stdout) as DryRunJson;
    expect(s).toMatchObject({ mode: 'sync', price_factor: 1 });
    expect(b).toMatchObject({ mode: 'batch', price_factor: 0.5 });
    expect(b.total.input_tokens).toBe(s.total.input_tokens); // same requests, same tokens
    expect(s.total.cost_usd).toBeGreaterThan(0);
    expect(b.total.cost_usd).toBeCloseTo(s.total.cost_usd * 0.5, 12);
    expect(b.transcripts[0]!.cost_usd).toBeCloseTo(s.transcripts[0]!.cost_usd * 0.5, 12);

    const text = await dryRun(db, '--mode', 'batch');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('--mode batch: batch API prices (50 % of list)');
    expect(text.stdout).toContain('batch prices (0.5 × list), no cache discount');
    expect(text.stdout).toContain(b.total.cost_usd.toFixed(4));
    expect((await dryRun(db)).stdout).toContain('list prices, no cache discount');
    expect(existsSync(db)).toBe(false);
  });

  it('refuses what --mode batch refuses (exit 2), without an API key or a database', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const panel = await runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'openai:a,anthropic:b', '--db', db, '--dry-run', '--mode', 'batch']);
    expect(panel.code).toBe(2);
    expect(panel.stderr).toContain('--mode batch needs one openai:<model> or anthropic:<model> judge');
    const offline = await runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', db, '--dry-run', '--mode', 'batch']);
    expect(offline.code).toBe(2);
    // --max-cost (reserved at submission) and --rejudge work with --mode batch; a dry run only estimates.
    expect((await dryRun(db, '--mode', 'batch', '--max-cost', '5')).code).toBe(0);
    expect((await dryRun(db, '--mode', 'batch', '--rejudge')).code).toBe(0);
    expect(existsSync(db)).toBe(false);
  });
});
