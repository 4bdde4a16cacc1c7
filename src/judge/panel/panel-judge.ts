import { contentHash } from '../../shared/hash.js';
import { callsOf, totalCalls } from '../calls.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import type { JudgeCall, PanelVote } from '../../values/judge-call.js';
import type { Verdict } from '../../values/verdict.js';
import { aggregateVotes, type MemberAnswer } from './aggregate-votes.js';

/**
 * Runs every member judge on the transcript in parallel and combines their verdicts per criterion
 * (see {@link aggregateVotes}). Its name is the panel spec (`openai:a,anthropic:b`); every member's answer
 * is returned in `votes`, every member's calls in `calls`. Cache and budget wrap each member, not the panel,
 * so adding a member to a panel reuses the others' cached answers.
 */
export class PanelJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;

  constructor(private readonly members: readonly Judge[]) {
    this.name = members.map((m) => m.name).join(',');
    this.fingerprint = `panel:${contentHash(members.map((m) => m.fingerprint))}`;
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const responses = await Promise.all(this.members.map((m) => this.ask(m, request)));
    const calls: JudgeCall[] = [];
    const votes: PanelVote[] = [];
    const byMember = responses.map((r, i) => {
      const member = this.members[i]!;
      calls.push(...callsOf(r, member.name));
      return new Map(r.verdicts.map((v) => [v.criterion, v]));
    });
    const verdicts = request.criteria.map((criterion) => {
      const answers: MemberAnswer[] = this.members.map((m, i) => ({
        judge: m.name,
        verdict: byMember[i]!.get(criterion.id) ?? missing(criterion.id, m.name),
      }));
      for (const a of answers) {
        votes.push({ criterion: criterion.id, judge: a.judge, value: a.verdict.value, na: a.verdict.na, error_code: a.verdict.error?.code ?? null });
      }
      return aggregateVotes(criterion, answers, this.name);
    });
    const totals = totalCalls(calls);
    return {
      verdicts,
      ...(totals.usage ? { usage: totals.usage } : {}),
      ...(totals.cost_usd !== null ? { cost_usd: totals.cost_usd } : {}),
      calls,
      votes,
    };
  }

  /** A member that throws is turned into error verdicts, so one member's failure disputes, never crashes. */
  private async ask(member: Judge, request: JudgeRequest): Promise<JudgeResponse> {
    try {
      return await member.judge(request);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const error = { code: typeof code === 'string' ? code : 'JUDGE_FAILED', message: (err as Error).message ?? String(err) };
      return { verdicts: request.criteria.map((c) => ({ criterion: c.id, value: null, na: false, rationale: '', evidence: [], judge: member.name, error })) };
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.close?.()));
  }
}

function missing(criterion: string, judge: string): Verdict {
  return {
    criterion,
    value: null,
    na: false,
    rationale: '',
    evidence: [],
    judge,
    error: { code: 'JUDGE_MISSING_VERDICT', message: `${judge} returned no verdict for criterion "${criterion}"` },
  };
}
