import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadRubricFile } from '../rubric/load.js';
import { rubricJsonSchema } from '../rubric/json-schema.js';
import { offlineSupport } from '../judge/offline/offline-support.js';
import type { Rubric } from '../rubric/schema.js';
import { ExitCode } from './exit-codes.js';

export function rubricCommand(): Command {
  const rubric = new Command('rubric').description('Check rubric files and generate the rubric JSON Schema.');
  rubric
    .command('check')
    .description('Validate a rubric file; every problem is reported with file, line and field.')
    .argument('<file>', 'rubric YAML file')
    .addHelpText('after', '\nExit codes: 0 the rubric is valid · 2 it is not (every problem on stderr with file, line and field) or cannot be read.')
    .action((file: string) => {
      const loaded = loadRubricFile(file);
      const r = loaded.rubric;
      const kinds = r.criteria.map((c) => `${c.id} (${c.kind}${c.critical ? ', critical' : ''})`).join(', ');
      process.stdout.write(`${file}: ok — ${r.id}@${r.version}, ${r.criteria.length} criteria: ${kinds}\nhash ${loaded.hash}\n${offlineCoverage(r)}`);
      process.exitCode = ExitCode.OK;
    });
  rubric
    .command('schema')
    .description('Print (or write) the JSON Schema of rubric files, for editor autocompletion.')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 written · 2 usage error.')
    .action((flags: { out?: string }) => {
      const text = `${JSON.stringify(rubricJsonSchema(), null, 2)}\n`;
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    });
  return rubric;
}

/**
 * Which judged criteria the offline judge will not score (N/A with OFFLINE_UNSUPPORTED on every transcript), so a
 * rubric author learns it before a nightly run, not from a column of N/As.
 */
export function offlineCoverage(r: Rubric): string {
  const judged = r.criteria.filter((c) => c.kind !== 'rule');
  if (judged.length === 0) return 'offline judge: no judged criteria (rules only)\n';
  const unsupported = judged.flatMap((c) => {
    const s = offlineSupport(c);
    return s.supported ? [] : [`  - ${c.id}: ${s.reason}`];
  });
  if (unsupported.length === 0) return `offline judge: scores all ${judged.length} judged criteria (English conversations; others are N/A OFFLINE_LANGUAGE)\n`;
  return `offline judge: will not score ${unsupported.length} of ${judged.length} judged criteria (N/A with OFFLINE_UNSUPPORTED on every transcript; a model judge scores them):\n${unsupported.join('\n')}\n`;
}
