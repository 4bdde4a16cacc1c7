import { Command } from 'commander';
import { decide } from '../review/decide.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';

interface DecideFlags {
  db: string;
  reviewer: string;
  note?: string;
  rubric?: string;
  json?: boolean;
}

/** `cxqa review …`: human decisions that settle what judges could not. */
export function reviewCommand(): Command {
  const cmd = new Command('review').description('Human review: decisions that settle disputed or failed verdicts.');
  cmd.addCommand(
    new Command('decide')
      .description(
        'Record a human decision for one criterion of one conversation. It wins over judges in exports and reports, settles the ' +
          'dispute (that criterion of that transcript content is not judged again), and is a human label for `cxqa eval build --from-reviews`.',
      )
      .argument('<transcript-id>', 'the transcript id')
      .argument('<criterion>', 'the criterion id')
      .argument('<value>', 'scale: a whole number in its range · binary and rule: pass or fail · category: a label id · na where the criterion allows N/A')
      .requiredOption('--reviewer <name>', 'who decided (kept with the decision)')
      .option('--note <text>', 'why (kept with the decision)')
      .option('--rubric <id>', 'the rubric id, when the conversation was evaluated with several rubrics that have this criterion')
      .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
      .option('--json', 'print the stored decision as one JSON object')
      .addHelpText(
        'after',
        `
The decision applies to the transcript content and rubric id of the most recent evaluation that has the
criterion (a changed transcript is new work; a new version of the same rubric keeps the decision). Decisions
are append-only: deciding again adds a row and the latest wins; \`cxqa audit\` shows every one.
Exit codes: 0 recorded · 2 usage error (no database, unknown transcript or criterion, value that does not fit the criterion).`,
      )
      .action((transcriptId: string, criterion: string, value: string, flags: DecideFlags) => {
        process.exitCode = runDecide(transcriptId, criterion, value, flags);
      }),
  );
  return cmd;
}

function runDecide(transcriptId: string, criterionId: string, value: string, flags: DecideFlags): number {
  const db = openForReading(flags.db);
  try {
    const d = decide(db, flags.db, { transcriptId, criterionId, value, reviewer: flags.reviewer, note: flags.note, rubricId: flags.rubric });
    if (flags.json) process.stdout.write(`${JSON.stringify(d)}\n`);
    else {
      const judged = d.judge_error_code ? `error ${d.judge_error_code}` : d.judge_value === null ? 'N/A' : String(d.judge_value);
      process.stdout.write(
        `decision ${d.decision_id}: ${d.transcript_id} ${d.criterion_id} = ${d.na ? 'N/A' : String(d.value)} by ${d.reviewer} (the judge had: ${judged}; rubric ${d.rubric_id})\n`,
      );
    }
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
