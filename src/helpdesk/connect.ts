import { createHash } from 'node:crypto';
import type { Role } from '../transcript/schema.js';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { FieldError } from './record-error.js';
import { isoTime } from './times.js';
import { asArray, asObject, clean, str, TranscriptBuilder } from './transcript-builder.js';

const ROLES: Record<string, Role> = { AGENT: 'agent', CUSTOMER: 'customer', SYSTEM: 'system', AUTOMATED: 'bot', BOT: 'bot', SUPERVISOR: 'agent' };

/** The call's start, from the recording's S3 key (`…_20261102T09:15_UTC.wav`) or the analysis file's (`…_analysis_2026-11-02T09:15:00Z.json`). */
const S3_TIME = [/_(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?_UTC/, /_analysis_(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):?(\d{2})?Z/];

/**
 * Amazon Connect Contact Lens conversation analytics output (one JSON object per contact, as written to
 * `Analysis/Voice/…` in the instance's bucket): `Participants` with roles, `Transcript` segments with
 * `BeginOffsetMillis` from the start of the call. The call's start comes from `InitiationTimestamp` (merge
 * it from `DescribeContact`) or the recording's S3 key; the customer from `CustomerEndpoint.Address`,
 * kept only as a hash (`connect-caller-<sha256 prefix>`). Field mapping: README "Helpdesk formats → connect".
 */
export const connectFormat: HelpdeskFormat = {
  name: 'connect',
  recordNoun: 'contact',
  listKeys: ['contacts'],
  singleKeys: [],
  sideloadKeys: [],
  toTranscript(c) {
    const meta = asObject(c.CustomerMetadata) ?? {};
    const contactId = str(meta.ContactId) ?? str(c.ContactId);
    if (!contactId) throw new FieldError('CustomerMetadata.ContactId', 'a Contact Lens output needs CustomerMetadata.ContactId');
    const start = startTime(c, meta);
    const startMs = Date.parse(start);
    const roles = new Map<string, Role>();
    for (const raw of asArray(c.Participants)) {
      const p = asObject(raw);
      const id = str(p?.ParticipantId);
      const role = ROLES[str(p?.ParticipantRole) ?? ''];
      if (id && role) roles.set(id, role);
    }
    const b = new TranscriptBuilder();
    asArray(c.Transcript).forEach((raw, i) => {
      const s = asObject(raw);
      const field = `Transcript[${i}]`;
      if (!s) throw new FieldError(field, 'expected a transcript segment');
      const who = str(s.ParticipantId);
      const role = (who && roles.get(who)) ?? (who ? ROLES[who] : undefined);
      if (!role) throw new FieldError(`${field}.ParticipantId`, `participant ${JSON.stringify(s.ParticipantId)} is not in Participants`);
      const offset = s.BeginOffsetMillis;
      if (typeof offset !== 'number') throw new FieldError(`${field}.BeginOffsetMillis`, 'expected milliseconds from the start of the call');
      b.add({ role, text: str(s.Content) ?? '', at: new Date(startMs + offset).toISOString(), vendorId: str(s.Id) });
    });
    const endpoint = str(asObject(c.CustomerEndpoint)?.Address);
    const characteristics = asObject(c.ConversationCharacteristics);
    return b.build(
      {
        id: `connect-${contactId}`,
        channel: str(c.Channel)?.toLowerCase() ?? 'voice',
        started_at: start,
        customer_id: endpoint ? `connect-caller-${createHash('sha256').update(endpoint).digest('hex').slice(0, 16)}` : `connect-contact-${contactId}`,
        ...(str(c.AgentId) ? { agent_id: `connect-agent-${str(c.AgentId)}` } : {}),
        metadata: clean({
          source: 'connect',
          contact_id: contactId,
          instance_id: meta.InstanceId,
          language: c.LanguageCode,
          redacted: asObject(c.ContentMetadata)?.Output === 'Redacted' || undefined,
          categories: asObject(c.Categories)?.MatchedCategories,
          sentiment: asObject(characteristics?.Sentiment)?.OverallSentiment,
          duration_ms: characteristics?.TotalConversationDurationMillis,
          version: c.Version,
        }),
      },
      'contact',
    );
  },
};

function startTime(c: Record<string, unknown>, meta: Record<string, unknown>): string {
  if (c.InitiationTimestamp !== undefined) return isoTime(c.InitiationTimestamp, 'InitiationTimestamp');
  const uri = str(meta.InputS3Uri) ?? '';
  for (const re of S3_TIME) {
    const m = re.exec(uri);
    if (m) return isoTime(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z`, 'CustomerMetadata.InputS3Uri');
  }
  throw new FieldError('InitiationTimestamp', 'the call start is unknown: merge InitiationTimestamp from DescribeContact, or keep CustomerMetadata.InputS3Uri with the recording key');
}
