/** What `extractSignals` finds in a conversation: the hit types and the signal set the scorers read. */
import type { Role } from '../../transcript/schema.js';

/** One finding: the 0-based message index, the exact matched text and a verbatim quote (its clause) to cite. */
export interface Hit {
  message: number;
  /** The exact text the pattern matched (verbatim substring of the message). */
  match: string;
  /** The clause or sentence around the match (verbatim substring of the message); used as evidence. Empty for text-less system events. */
  quote: string;
}

export interface EventHit extends Hit {
  /** The system event name, when the hit comes from a system message's `event`. */
  event?: string;
}

export interface HandoffHit extends EventHit {
  /** `event`: a system event; `text`: the bot said it is transferring; `role_change`: an `agent` message after `bot` messages. */
  source: 'event' | 'text' | 'role_change';
}

export interface RepeatHit extends Hit {
  /** `similar`: token Jaccard ≥ 0.6 with an earlier customer message; `explicit`: "as I said", "again", ... */
  kind: 'similar' | 'explicit';
  /** The earlier customer message it repeats (similar only). */
  of: number | null;
  similarity: number | null;
}

export interface LoopHit extends Hit {
  /** The earlier message (same role) it nearly duplicates. */
  of: number;
  similarity: number;
}

export type StepKind = 'numbered' | 'imperative' | 'link' | 'timeline' | 'reference' | 'action' | 'commitment' | 'vague';
export interface StepHit extends Hit {
  kind: StepKind;
}

export interface RudeHit extends Hit {
  strong: boolean;
}

export interface SarcasmHit extends Hit {
  /** `phrase`: a sarcasm phrase ("thanks for nothing"); `negative_context`: thanks inside a strongly negative message. */
  kind: 'phrase' | 'negative_context';
}

export interface NegativeHit extends Hit {
  /** `resigned`: "thanks anyway", "forget it". */
  kind: 'negative' | 'resigned';
}

export interface ConfirmationHit extends Hit {
  /**
   * `fix`: the customer reports the problem solved ("that worked", "it's fixed"); `acceptance`: the customer only
   * accepts or acknowledges ("perfect", "that works for me", "got it"; see ACCEPTANCE_ONLY). A message with both
   * keeps its first fix.
   */
  kind: 'fix' | 'acceptance';
}

export interface PolicyHit extends Hit {
  kind: 'refund_promise' | 'guarantee' | 'sensitive';
}

export interface MessageSentiment {
  message: number;
  role: Role;
  /**
   * Whether the message was scored. Only customer messages are (the scorers use customer sentiment only; skipping
   * bot/agent text halves the cost). Unscored entries have score, comparative and adjusted 0.
   */
  scored: boolean;
  /** AFINN-165 sum for the message (via the `sentiment` package). */
  score: number;
  /** AFINN score per token. */
  comparative: number;
  /**
   * `score`, but forced to ≤ −2 when the message is sarcastic or a negative confirmation (AFINN reads "great,
   * thanks for nothing" as positive) and raised to 0 when a negative score comes from a closing reply
   * ("no, that's all").
   */
  adjusted: number;
  /**
   * `adjusted` without the AFINN points of courtesy words ("thank you for your help", "please"; COURTESY_WORDS),
   * and at worst 0 for a closing reply ("no thanks"). Sarcastic or negative-confirmation messages keep their forced
   * `adjusted` value. Auto-CSAT reads this for the customer's last message. 0 for unscored messages.
   */
  evaluative: number;
}

export interface ConversationSignals {
  messageCount: number;
  /** One entry per message, same order as `transcript.messages`. */
  sentiment: MessageSentiment[];
  /** Indices of customer messages. */
  customerMessages: number[];
  /** Indices of bot and agent messages. */
  agentMessages: number[];
  /** Adjusted sentiment of the first and last customer message (null when there is none). */
  customerTrajectory: { first: number | null; last: number | null; firstScore: number; lastScore: number; change: number };
  /** The opening of the customer's last message (for citing end sentiment), or null. */
  lastCustomerMessage: Hit | null;
  /** Whether any customer message has at least 3 words (the customer stated a need). */
  customerStatedNeed: boolean;
  gratitude: Hit[];
  /** "No, that's all", "nothing else": the customer closes the conversation. */
  closingReplies: Hit[];
  sarcasm: SarcasmHit[];
  confirmations: ConfirmationHit[];
  negativeConfirmations: NegativeHit[];
  repeatedRequests: RepeatHit[];
  humanRequests: Hit[];
  corrections: Hit[];
  /** Customer turns (not the first) that open by turning down the offer or question: "No, play it on …", "nope" (REJECTION). */
  rejections: Hit[];
  frustration: Hit[];
  handoffs: HandoffHit[];
  escalations: Hit[];
  customerLeft: EventHit[];
  /** The last non-system message. */
  lastSpeaker: { message: number; role: Role } | null;
  /** The latest non-closing question in a bot/agent message after the last customer message. */
  unansweredQuestion: Hit | null;
  /** Bot/agent messages after the last customer message (all of them when the customer never wrote). */
  messagesAfterLastCustomer: number;
  steps: StepHit[];
  empathy: Hit[];
  rudeness: RudeHit[];
  acknowledgements: Hit[];
  botLoops: LoopHit[];
  verifications: EventHit[];
  /** Refund/credit promises (any time), guarantees, sensitive disclosures — before filtering by verification. */
  promises: PolicyHit[];
  /** Refund/credit promises made before any verification, every guarantee and every sensitive disclosure. */
  policyRisks: PolicyHit[];
}
