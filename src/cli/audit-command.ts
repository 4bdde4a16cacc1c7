import { Command } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { auditHistory } from '../report/audit-history.js';
import { formatAuditText } from '../report/audit-text.js';
import { auditVerifyCommand } from './audit-verify-command.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';

interface AuditFlags {
  db?: string;
  json?: boolean;
}

export function auditCommand(): Command {
  return new Command('audit')
    .description('Show the full history of verdicts for one conversation: every evaluation across runs, rubric versions and judges, with findings.')
    .argument('<transcript-id>', 'the transcript id')
    // Not `requiredOption`: commander would demand it of `audit verify --db X` too (checked in runAudit).
    .option('--db <path>', 'SQLite database written by `cxqa score` (required)')
    .option('--json', 'print one JSON object instead of text')
    .enablePositionalOptions() // `audit verify --db X`: the options after `verify` are verify's
    .addCommand(auditVerifyCommand())
    .addHelpText('after', '\nExit codes: 0 printed · 2 usage error (no database, transcript never seen).')
    .action((transcriptId: string, flags: AuditFlags) => {
      process.exitCode = runAudit(transcriptId, flags);
    });
}

function runAudit(transcriptId: string, flags: AuditFlags): number {
  if (!flags.db) throw new UsageError("required option '--db <path>' not specified", 'USAGE_MISSING_OPTION');
  const db = openForReading(flags.db);
  try {
    const history = auditHistory(db, transcriptId);
    if (!history) throw new UsageError(`no transcript "${transcriptId}" in ${flags.db}`, 'TRANSCRIPT_NOT_FOUND');
    process.stdout.write(flags.json ? `${JSON.stringify(history, null, 2)}\n` : formatAuditText(history));
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
