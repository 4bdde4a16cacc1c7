/**
 * The trigger-word index over the phrase lists of `patterns.ts` (speed only): which lower-case words a message
 * must contain for a list to be worth scanning, and the bit masks `signals.ts` uses to skip the others.
 */
import {
  ACKNOWLEDGEMENT,
  ACTION,
  CLOSING_REPLY,
  COMMITMENT,
  CONFIRMATION,
  CORRECTION,
  EMPATHY,
  ESCALATION,
  EXPLICIT_REPEAT,
  FRUSTRATION,
  GRATITUDE,
  GUARANTEE,
  HANDOFF_TEXT,
  HUMAN_REQUEST,
  IMPERATIVE,
  NEGATIVE_CONFIRMATION,
  REFUND_PROMISE,
  RESIGNED,
  RUDE_MILD,
  RUDE_STRONG,
  SARCASM,
  SENSITIVE_DISCLOSURE,
  TIMELINE,
  VAGUE_POINTER,
  VERIFICATION,
} from './patterns.js';

/**
 * For a list: lower-case words (apostrophes as ') at least one of which every match contains. A message with
 * none of a list's trigger words is not scanned with that list: the judge tokenizes each message once and looks
 * each word up in one map, instead of running every regex over every message. Lists without an entry are always
 * scanned. Keep these in sync when editing a list: `test/judge/offline/patterns.test.ts` checks that a trigger
 * never hides a match, on every sample transcript and every phrase in the tests.
 */
export const TRIGGERS: ReadonlyMap<RegExp, readonly string[]> = new Map<RegExp, readonly string[]>([
  [GRATITUDE, ['thank', 'thanks', 'thx', 'appreciate', 'appreciated', 'cheers']],
  [SARCASM, ['thank', 'thanks', 'just', 'oh', 'yeah', 'helpful', 'gee']],
  [RESIGNED, ['thank', 'thanks', 'forget', 'mind', 'nevermind', 'bother', 'fine', 'whatever', "i'll", 'dispute', 'contest', 'chargeback', 'other', 'another', 'different', 'elsewhere']],
  [CLOSING_REPLY, ["that's", 'that', "that'll", 'nothing', 'good', 'set', 'sorted', 'thanks', 'thank']],
  [EXPLICIT_REPEAT, ['already', 'just', 'as', 'like', 'again', 'time', 'times']],
  [HUMAN_REQUEST, ['person', 'human', 'agent', 'people', 'rep', 'representative', 'someone', 'somebody', 'manager', 'supervisor', 'operator', 'bot', 'robot', 'real']],
  [CORRECTION, ['right', 'wrong', 'incorrect', 'correct', 'true', 'false', 'mistaken', 'says', 'said', 'states', 'shows', 'showed', 'told', 'contradicts', 'works']],
  [
    FRUSTRATION,
    [
      'frustrate', 'frustrated', 'frustrating', 'frustration', 'frustrates', 'annoy', 'annoyed', 'annoying', 'annoys', 'annoyance',
      'angry', 'furious', 'livid', 'upset', 'fuming', 'ridiculous', 'unacceptable', 'outrageous', 'pathetic', 'terrible', 'awful',
      'horrible', 'fed', 'sick', 'disappoint', 'disappointed', 'disappointing', 'disappointment', 'worst', 'waste', 'joke', 'ugh',
      'ughh', 'ughhh', 'ughhhh', 'ughhhhh', 'unbelievable', 'kidding', 'joking', 'serious', '!!',
    ],
  ],
  [EMPATHY, ['sorry', 'understand', 'apologise', 'apologize', 'apologies', 'imagine', 'see', 'must', 'sounds', 'know', 'hear', 'patience']],
  [RUDE_STRONG, ['calm', 'not', 'fault', 'problem', 'people', 'deal', 'whatever', 'stop', 'shut', 'stupid', 'serious', 'kidding', 'care']],
  [RUDE_MILD, ['obviously', 'as', 'like', 'told', 'should', "didn't", 'did', 'clearly', 'nothing', 'same', 'how', 'way', 'need']],
  [ACKNOWLEDGEMENT, ['right', 'correct', 'incorrect', 'corrected', 'mistake', 'error', 'bad', 'wrong', 'mistaken', 'confusion', 'mix', 'mixup', 'misinformation', 'misspoke']],
  [
    HANDOFF_TEXT,
    ['transferring', 'connecting', 'passing', 'handing', 'transfer', 'connect', 'put', 'putting', 'hand', 'agent', 'agents', 'representative', 'representatives', 'colleague', 'colleagues', 'specialist', 'specialists'],
  ],
  [ESCALATION, ['escalate', 'escalated', 'escalating', 'escalation', 'team', 'department', 'dept', 'specialist', 'specialists', 'supervisor', 'manager', 'colleague', 'colleagues', 'engineer', 'engineers']],
  [
    VERIFICATION,
    ['verified', 'verify', 'verifying', 'verification', 'birth', 'dob', 'birthdate', 'postcode', 'post', 'postal', 'zip', 'account', 'identity', 'email', 'name', 'billing', 'security', 'authenticated'],
  ],
  [REFUND_PROMISE, ['refund', 'credit', 'reimburse', 'reimbursement', 'compensation', 'money']],
  [GUARANTEE, ['guarantee', 'guaranteed']],
  [SENSITIVE_DISCLOSURE, ['password', 'pin', 'security', 'cvv', 'cvc', 'passcode']],
  [VAGUE_POINTER, ['website', 'site', 'help', 'helpcenter', 'helpcentre', 'faq', 'faqs', 'knowledge', 'knowledgebase', 'support', 'app', 'contact', 'call', 'reach', 'email', 'touch', 'later']],
  [ACTION, ["i've", "we've", 'have', 'been']],
  [COMMITMENT, ["i'll", "we'll", 'will']],
  [
    IMPERATIVE,
    ['go', 'click', 'tap', 'select', 'enter', 'open', 'navigate', 'choose', 'press', 'restart', 'reboot', 'reset', 'turn', 'unplug', 'plug', 'log', 'sign', 'reinstall', 'uninstall', 'clear', 'download', 'install', 'scroll', 'toggle', 'hold', 'update', 'head', 'copy', 'paste', 'type', 'try'],
  ],
  [
    CONFIRMATION,
    ['worked', 'works', 'did', 'does', 'helped', 'fixed', 'sorted', 'solved', 'resolved', 'working', 'back', 'all', 'got', 'perfect', 'can', 'could', 'able', 'answers', 'answered'],
  ],
  [
    TIMELINE,
    [
      'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'end', 'today', 'tomorrow', 'tonight', 'by', 'before',
      'after', 'until', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri',
      'friday', 'sat', 'saturday', 'sun', 'sunday', ':',
    ],
  ],
  [NEGATIVE_CONFIRMATION, ['still', "didn't", "doesn't", "hasn't", "won't", "isn't", "wasn't", "aren't", "don't", 'not', 'same', 'help', 'useless', 'nothing', 'none', 'tried']],
]);

/** Triggers that are not words: checked with `includes` on the raw text ("!!" for frustration, ":" for "12:00–14:00"). */
export const RAW_TRIGGERS: readonly string[] = ['!!', ':'];

/** Bit per triggered list, and word (or raw trigger) → bits of the lists it triggers. */
export const TRIGGER_BIT: ReadonlyMap<RegExp, number> = new Map([...TRIGGERS.keys()].map((re, i) => [re, 1 << i]));
export const WORD_TRIGGERS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [re, words] of TRIGGERS) for (const w of words) map.set(w, (map.get(w) ?? 0) | TRIGGER_BIT.get(re)!);
  return map;
})();
if (TRIGGERS.size > 30) throw new Error('TRIGGERS: at most 30 lists fit in the bit mask');
