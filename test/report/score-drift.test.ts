import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

/** The samples where every customer ends by confirming that it worked: the resolution verdicts shift. */
function confirmedSamples(dir: string): string {
  const lines = readFileSync('samples/transcripts.jsonl', 'utf8').trim().split('\n').map((l) => {
    const t = JSON.parse(l) as { messages: { role: string; text: string }[] };
    t.messages.push({ role: 'customer', text: 'that worked, thank you so much!' });
    return JSON.stringify(t);
  });
  const file = pathIn(dir, 'confirmed.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('drift in cxqa score --json and as an alert', () => {
  it('compares each criterion with the previous score run of the rubric and flags PSI ≥ 0.2', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'd.db');
    const base = ['--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json', '--quiet'];
    const first = await runCli(['score', '--input', 'samples/transcripts.jsonl', ...base]);
    const one = JSON.parse(first.stdout) as { run_id: string; drift: { against_run: string | null; flagged: string[] } };
    expect(one.drift).toMatchObject({ against_run: null, flagged: [], threshold: 0.2 });

    const same = await runCli(['score', '--input', 'samples/transcripts.jsonl', ...base]);
    const two = JSON.parse(same.stdout) as { run_id: string; drift: { against_run: string; flagged: string[]; criteria: Record<string, { psi: number }> } };
    expect(two.drift.against_run).toBe(one.run_id);
    expect(two.drift.flagged).toEqual([]);
    expect(two.drift.criteria['resolution']!.psi).toBe(0);

    const config = pathIn(dir, 'cxqa.config.yaml');
    writeFileSync(config, 'alerts:\n  drift_psi_max: 0.2\n');
    const shifted = await runCli(['score', '--input', confirmedSamples(dir), ...base, '--config', config]);
    expect(shifted.code).toBe(1);
    // --json: exactly one object on stdout, the alerts inside it and as JSON lines on stderr.
    expect(shifted.stdout.trim().split('\n')).toHaveLength(1);
    const three = JSON.parse(shifted.stdout) as { alerts: unknown[]; drift: { against_run: string; flagged: string[]; criteria: Record<string, { psi: number; n: number }> } };
    const alertLines = shifted.stderr.split('\n').filter((l) => l.startsWith('{"alert"'));
    expect(alertLines.map((l) => JSON.parse(l))).toEqual(three.alerts);
    expect(three.drift.against_run).toBe(two.run_id);
    expect(three.drift.flagged).toContain('resolution');
    expect(three.drift.criteria['resolution']!.psi).toBeGreaterThanOrEqual(0.2);
    const alerts = alertLines.map((l) => JSON.parse(l) as { alert: string; criterion: string; value: number; threshold: number });
    expect(alerts.map((a) => a.criterion)).toEqual(three.drift.flagged);
    expect(alerts[0]).toMatchObject({ alert: 'drift', threshold: 0.2 });
  });
});
