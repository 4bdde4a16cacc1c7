import { Command } from 'commander';
import { verifyChain, type ChainReport } from '../store/verify-chain.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';

interface VerifyFlags {
  db: string;
  json?: boolean;
}

/** `cxqa audit verify --db PATH`: recomputes the hash chain of the stored history. */
export function auditVerifyCommand(): Command {
  return new Command('verify')
    .description("Check that stored history was not edited: recompute the hash chain of every append-only row and every transcript's facts.")
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .option('--json', 'print one JSON object instead of a line of text')
    .addHelpText(
      'after',
      `
Evaluations, criterion results, panel votes, findings, run items, human decisions, calibration results,
judge fits, transcripts and purges are append-only (the database refuses UPDATE and DELETE; \`cxqa purge\` may only
remove a transcript body) and each row carries sha256(previous row's hash | its content; a transcript's body hash
instead of its body). Verify recomputes every hash, checks every stored body against its hash and every removed
one against a recorded purge, and names the first row that was edited, deleted or added outside cxqa. It also recomputes
every transcript's facts (transcript_facts: handler, turns, minutes, survey, ... that outcomes and report read; derived,
not chained) from its stored body or outline and names the transcript whose facts differ or are missing; and
the derived table period reports read (production_latest: the latest production evaluation per transcript content)
and names the first transcript where it disagrees with the history. The chain heads it prints can be
kept elsewhere (e.g. in the nightly log): removing the newest rows of a table is only visible against them.
Exit codes: 0 every row verified · 1 an edited, missing or unchained row (named) · 2 usage error (no database).`,
    )
    .action((flags: VerifyFlags) => {
      process.exitCode = runVerify(flags);
    });
}

function runVerify(flags: VerifyFlags): number {
  const db = openForReading(flags.db);
  let report: ChainReport;
  try {
    report = verifyChain(db);
  } finally {
    db.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else if (report.problem) process.stdout.write(`audit verify failed: ${report.problem.message} (${report.rows} rows checked in ${flags.db})\n`);
  else process.stdout.write(`${report.rows} rows verified in ${flags.db}\n`);
  return report.problem ? ExitCode.GATE_FAILED : ExitCode.OK;
}
