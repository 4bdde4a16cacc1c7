import { z } from 'zod';

/** Who wrote a message. `bot` is an AI agent, `agent` a human, `system` carries events such as `handoff`. */
export const roleSchema = z.enum(['customer', 'bot', 'agent', 'system']);
export type Role = z.infer<typeof roleSchema>;

const isoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time, e.g. 2026-11-02T09:15:00Z' });

export const messageSchema = z.strictObject({
  role: roleSchema,
  text: z.string(),
  at: isoTime.optional(),
  author: z.string().min(1).optional(),
  /** System events: `handoff` (bot → human), `transfer`, `hold`, `close`, ... Free text, lower-case by convention. */
  event: z.string().min(1).optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const surveySchema = z.strictObject({
  csat: z.number().int().min(1).max(5).optional(),
  ces: z.number().int().min(1).max(7).optional(),
  nps: z.number().int().min(0).max(10).optional(),
});
export type Survey = z.infer<typeof surveySchema>;

/** The canonical transcript: one JSON object per JSONL line. */
export const transcriptSchema = z.strictObject({
  id: z.string().min(1),
  channel: z.string().min(1),
  started_at: isoTime,
  customer_id: z.string().min(1),
  intent: z.string().min(1).optional(),
  agent_id: z.string().min(1).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  survey: surveySchema.optional(),
  messages: z.array(messageSchema).min(1, 'a transcript needs at least one message'),
});
export type Transcript = z.infer<typeof transcriptSchema>;
