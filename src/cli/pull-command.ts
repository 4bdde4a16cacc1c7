import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { freshdeskPull } from '../helpdesk/pull/freshdesk-pull.js';
import { PullHttpError, type HttpClientOptions } from '../helpdesk/pull/http-client.js';
import { intercomPull } from '../helpdesk/pull/intercom-pull.js';
import type { PullSource } from '../helpdesk/pull/pull-source.js';
import { PullUsage, runPull } from '../helpdesk/pull/pull-run.js';
import { zendeskPull } from '../helpdesk/pull/zendesk-pull.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { parsePositiveInt } from './parse-options.js';
import { scoreCommand } from './score-command.js';
import { openForWriting } from './take-writer-lock.js';

export const PULL_SOURCES = ['zendesk', 'intercom', 'freshdesk'] as const;

interface PullFlags {
  from: (typeof PULL_SOURCES)[number];
  since?: string;
  out?: string;
  db: string;
  score?: boolean;
  rubric?: string;
  judge?: string;
  baseUrl?: string;
  reset?: boolean;
  includeNotes?: boolean;
  perPage: number;
  maxWait: number;
  maxPages?: number;
  retryBaseMs: number;
  json?: boolean;
}

export function pullCommand(): Command {
  return new Command('pull')
    .description("Fetch conversations updated since the last pull from a helpdesk's incremental API, as canonical transcripts (and score them).")
    .addOption(new Option('--from <vendor>', 'helpdesk').choices([...PULL_SOURCES]).makeOptionMandatory())
    .option('--since <time>', 'first pull only: conversations updated at or after this ISO 8601 time (later pulls continue from the stored cursor)')
    .option('-o, --out <file>', 'write transcripts (JSONL) to this file; a killed pull re-run with the same file continues it without duplicates')
    .option('--db <path>', 'database holding the pull cursor (and the scores, with --score)', 'cxqa.db')
    .option('--score', 'score what was pulled (needs --rubric; --judge as for cxqa score, default offline)')
    .option('-r, --rubric <file>', 'rubric for --score')
    .option('--judge <spec>', 'judge for --score (as cxqa score --judge)')
    .option('--base-url <url>', 'API base URL (default from the environment: https://<ZENDESK_SUBDOMAIN>.zendesk.com, https://api.intercom.io, https://<FRESHDESK_DOMAIN>)')
    .option('--reset', 'forget the stored cursor and start again from --since')
    .option('--include-notes', 'keep internal notes as system messages')
    .addOption(new Option('--per-page <n>', 'records per API page').default(100).argParser(parsePositiveInt('--per-page')))
    .addOption(new Option('--max-wait <seconds>', 'longest wait for one rate-limit answer (429 Retry-After)').default(120).argParser(parsePositiveInt('--max-wait')))
    .addOption(new Option('--max-pages <n>', 'stop after n pages (the cursor is stored; the next pull goes on)').argParser(parsePositiveInt('--max-pages')))
    .addOption(new Option('--retry-base-ms <ms>', 'first back-off after a 5xx or network error').default(1000).argParser(parsePositiveInt('--retry-base-ms')).hideHelp())
    .option('--json', 'print the pull summary as one JSON object')
    .addHelpText(
      'after',
      `
Credentials come from the environment and are never stored, printed or logged:
  zendesk    ZENDESK_SUBDOMAIN, ZENDESK_EMAIL + ZENDESK_TOKEN (API token), or ZENDESK_OAUTH_TOKEN
  intercom   INTERCOM_TOKEN (access token); INTERCOM_WORKSPACE names the account (default: the API host)
  freshdesk  FRESHDESK_DOMAIN, FRESHDESK_API_KEY
The cursor is kept in the database (table pull_state) per vendor and account: each pull continues where the
last one stopped. Rate limits (429) are waited out (Retry-After, at most --max-wait seconds each); 5xx and
network errors are retried with back-off.
Exit codes: 0 pulled (and scored) · 2 usage or configuration error, or the vendor refused the credentials
(nothing pulled) · 3 pulled, but some records were bad (each named), some transcripts could not be scored,
or the API failed after retries (what was pulled is kept and the cursor stored: run again to continue) ·
4 another process is writing to the database.`,
    )
    .action(async (flags: PullFlags) => {
      process.exitCode = await runPullCommand(flags);
    });
}

async function runPullCommand(flags: PullFlags): Promise<number> {
  if (flags.score && !flags.rubric) throw new UsageError('--score needs --rubric', 'USAGE');
  if (!flags.score && (flags.rubric || flags.judge)) throw new UsageError('--rubric and --judge go with --score', 'USAGE');
  const since = flags.since === undefined ? undefined : new Date(flags.since);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since: not an ISO 8601 time: "${flags.since}"`, 'USAGE');
  if (flags.reset && !since) throw new UsageError('--reset needs --since (where to start again)', 'USAGE');
  const http: Omit<HttpClientOptions, 'baseUrl' | 'headers' | 'vendor'> = { maxWaitMs: flags.maxWait * 1000, retryBaseMs: flags.retryBaseMs, onWait: (m) => warn(m) };
  const env = { env: process.env, http, perPage: flags.perPage, ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}) };
  const source: PullSource = flags.from === 'zendesk' ? zendeskPull(env) : flags.from === 'intercom' ? intercomPull(env) : freshdeskPull(env);
  // --score without --out pulls into a temporary file first.
  const tmp = flags.score && !flags.out ? mkdtempSync(join(tmpdir(), 'cxqa-pull-')) : undefined;
  const out = flags.out ?? (tmp ? join(tmp, `${flags.from}.jsonl`) : undefined);
  try {
    const { db, lock } = openForWriting(flags.db, `pull --from ${flags.from}`);
    let result;
    try {
      result = await runPull({ db, source, since, reset: flags.reset === true, out, includeNotes: flags.includeNotes === true, note: (m) => warn(m), ...(flags.maxPages ? { maxPages: flags.maxPages } : {}) });
    } catch (err) {
      if (err instanceof PullUsage) throw new UsageError(err.message, 'PULL_NO_CURSOR');
      if (err instanceof PullHttpError) {
        warn(`pull ${flags.from} stopped: ${err.message} [${err.code}]; what was pulled before is kept and the cursor stored: run again to continue`);
        return err.status === 401 || err.status === 403 ? ExitCode.USAGE : ExitCode.PARTIAL;
      }
      throw err;
    } finally {
      lock.release();
      db.close();
    }
    const summary = `pull ${flags.from} ${source.account}: ${result.tally.format(source.format.recordNoun)} in ${result.pages} pages${result.hwm ? `; newest update ${result.hwm}` : ''}${flags.out ? ` → ${flags.out}` : ''}`;
    warn(summary);
    if (flags.json && !flags.score) process.stdout.write(`${JSON.stringify({ from: flags.from, account: source.account, ...result.tally.toJSON(), pages: result.pages, resumed: result.resumed, newest_update: result.hwm ?? null })}\n`);
    let code: number = result.tally.errors > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    if (flags.score && out) {
      if (result.tally.written === 0) {
        warn('nothing new to score');
        return code;
      }
      const args = ['-i', out, '-r', flags.rubric!, '--db', flags.db, '--judge', flags.judge ?? 'offline', ...(flags.json ? ['--json'] : [])];
      const before = process.exitCode;
      process.exitCode = undefined;
      await scoreCommand().exitOverride().parseAsync(args, { from: 'user' });
      const scored = typeof process.exitCode === 'number' ? process.exitCode : ExitCode.OK;
      process.exitCode = before;
      if (scored !== ExitCode.OK) code = scored;
    }
    return code;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
