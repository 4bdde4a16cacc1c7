/**
 * Every phrase list the offline judge uses, compiled once at module load. English only.
 * Patterns are case-insensitive; a straight apostrophe also matches ’ (see `rx`).
 * Keep these two files the single place to tune wording: the customer-message lists are in `customer-patterns.ts`
 * (re-exported here, so `import * as patterns` and the judge fingerprint still see every list); the bot and agent
 * lists are below. README.md in this folder documents each list.
 */
import { rx } from './text.js';

export * from './customer-patterns.js';

const r = String.raw;

// ---------------------------------------------------------------------------------------------------------------
// Bot and agent messages
// ---------------------------------------------------------------------------------------------------------------

/** Empathy and apology. */
export const EMPATHY = rx(
  r`\bi(?:'m| am) (?:so |very |really |truly )?sorry\b`,
  r`\bsorry (?:to hear|about (?:that|this|the)|for the (?:trouble|inconvenience|wait|delay|frustration))\b`,
  r`\bi (?:completely |totally |fully )?understand\b`,
  r`\bi (?:sincerely )?apologi[sz]e\b`,
  r`\bmy (?:sincere )?apologies\b`,
  r`\bi can (?:see|imagine|understand) (?:how|why|that)\b`,
  r`\b(?:that|this) (?:must be|sounds) (?:really |so |very )?(?:frustrating|annoying|stressful|difficult|upsetting|inconvenient)\b`,
  r`\bi know how (?:frustrating|annoying|stressful)\b`,
  r`\bi hear you\b`,
  r`\bthank you for your patience\b`,
);

/** Text right after an apology that makes it a bot fallback ("Sorry, I didn't understand that"), not empathy. */
export const FALLBACK_AFTER_SORRY = /^[\s,.!]*(?:but\s+)?i\s+(?:didn['’]t|did not|don['’]t|do not|couldn['’]t|could not|can['’]t|cannot)\s+(?:understand|get|catch|follow|find|help with)/i;

/** Clearly rude or dismissive (one is enough for the lowest tone score). */
export const RUDE_STRONG = rx(
  r`\bcalm down\b`,
  r`\bnot my (?:problem|job|fault|responsibility|concern)\b`,
  r`\b(?:it's|it is|that's|that is) your (?:own )?(?:fault|problem)\b`,
  r`\byou people\b`,
  r`\bdeal with it\b`,
  r`\bwhatever[.!]`,
  r`\bstop (?:complaining|shouting|yelling|whining)\b`,
  r`\bshut up\b`,
  r`\bare you (?:stupid|serious|kidding)\b`,
  r`\bi don't care\b`,
);

/** Condescending or impatient. */
export const RUDE_MILD = rx(
  r`\bobviously\b`,
  r`\bas i (?:already |just |have )?(?:said|explained|told you|mentioned|stated)\b`,
  r`\blike i (?:already )?(?:said|told you)\b`,
  r`\bi (?:already|just) told you\b`,
  r`\byou should have (?:known|read|checked|called|done|listened|asked|noticed|told us|contacted|reported|realised|realized)\b`,
  r`\byou (?:clearly )?(?:didn't|did not) (?:read|follow|listen)\b`,
  r`\b(?:there(?:'s| is) )?nothing (?:more |else )?(?:i|we) can do\b`,
  r`\b(?:everyone|anyone|anybody) (?:will|would) tell you the same\b`,
  r`\bthat(?:'s| is) (?:just )?(?:how|the way) it is\b`,
  r`\byou need to (?:calm|relax|be patient)\b`,
);

/** The bot or agent admits a mistake (used after a customer correction). */
export const ACKNOWLEDGEMENT = rx(
  r`\byou(?:'re| are) (?:absolutely |quite |completely )?(?:right|correct)\b`,
  r`\bmy (?:mistake|error|bad)\b`,
  r`\bi was (?:wrong|mistaken|incorrect)\b`,
  r`\bi stand corrected\b`,
  r`\bsorry for the (?:confusion|mix-?up|error|mistake|misinformation)\b`,
  r`\blet me correct\b`,
  r`\bi misspoke\b`,
  r`\bthat was (?:incorrect|wrong|my mistake)\b`,
  r`\bi (?:gave|provided) (?:you )?(?:the )?(?:wrong|incorrect)\b`,
);

/** The bot says it is handing the customer over. */
export const HANDOFF_TEXT = rx(
  r`\b(?:transferring|connecting|passing|handing) you(?: over| through)?(?: now)? (?:to|with)\b(?: \w+){0,4}`,
  r`\blet me (?:transfer|connect|put) you\b(?: \w+){0,5}`,
  r`\bi(?:'ll| will| am going to|'m going to) (?:now )?(?:transfer|connect|hand) you\b(?: \w+){0,5}`,
  r`\b(?:an?|one of our) (?:human |live )?(?:agents?|representatives?|colleagues?|specialists?) will (?:be with you|join|take over)\b`,
  r`\b(?:putting|put) you through to\b(?: \w+){0,4}`,
);

/** The bot or agent escalates to another team (not necessarily a live hand-off). */
export const ESCALATION = rx(
  r`\bi(?:'ve| have)(?: now| just)? escalated\b(?: \w+){0,5}`,
  r`\b(?:escalat(?:ed|ing)|pass(?:ed|ing)|forward(?:ed|ing)|referr(?:ed|ing)|hand(?:ed|ing)|sen(?:t|ding)|rais(?:ed|ing)) (?:this|it|that|your (?:case|issue|request|query|complaint|ticket))(?: on| over| up)? (?:to|with) (?:our|the|a|another) [\w -]{0,30}?(?:team|department|dept|specialists?|supervisor|manager|colleagues?)\b`,
  r`\b(?:our|the) (?:[\w-]+ ){1,2}(?:team|department|specialists?|engineers?) will (?:contact|reach out|get back|email|call|be in touch|follow up|look into|decide|review|investigate|assess)\b`,
  r`\bi(?:'ve| have)(?: just)? (?:raised|opened|logged|submitted|filed) (?:a |an )?(?:\w+ )?(?:review|investigation|complaint|dispute|claim|case|ticket) (?:with|for|to) (?:our|the) (?:[\w-]+ ){0,2}(?:team|department)\b`,
  r`\b(?:raised|opened|created|logged) (?:a |an )?(?:ticket|case|request|investigation) (?:with|for) (?:our|the|another) [\w -]{0,30}?(?:team|department|specialists?)\b`,
);

/** Identity verification by the bot or agent. */
export const VERIFICATION = rx(
  r`(?<!\bnot |\bun|n't )\bverified\b`,
  r`\bverify(?:ing)? your (?:identity|account|details)\b`,
  r`\b(?:confirm|provide|tell me|give me|what is|what's) your (?:date of birth|dob|birth ?date|postcode|post code|postal code|zip(?: code)?|account(?: number)?|identity|registered email|email address|full name|billing address|security answer)\b`,
  r`\bsecurity (?:question|check|answer)\b`,
  r`\bidentity (?:check|verification)\b`,
  r`\bpassed (?:security|verification)\b`,
  r`\b(?:you're|you are|you've been) (?:now )?authenticated\b`,
);

/** Refund / credit promises: a policy risk when made before any identity verification. */
export const REFUND_PROMISE = rx(
  r`\bi(?:'ll| will| can| am going to|'m going to) (?:go ahead and )?(?:refund|credit|reimburse)\b(?: you| your \w+)?`,
  r`\bi(?:'ll| will| can| am going to|'m going to) (?:go ahead and )?(?:issue|process|give you|arrange|get you|send you) (?:a |an |the |your )?(?:full |partial )?(?:refund|credit|reimbursement|compensation)\b`,
  r`\byou(?:'ll| will) (?:get|receive|be getting|be given|have) (?:a |an |your )?(?:full |partial )?(?:refund|credit|reimbursement|compensation|money back)\b`,
  r`\bwe(?:'ll| will) (?:refund|credit|reimburse)\b(?: you| your \w+)?`,
  r`\b(?:i|we)(?:'ve| have) (?:issued|processed|approved|applied) (?:a |an |the |your )?(?:full |partial )?(?:refund|credit)\b`,
  r`\b(?:refund|credit) (?:has been|is being|will be) (?:issued|processed|approved|applied)\b`,
);

/** Personal guarantees: a policy risk whenever made (the company, not the agent, decides guarantees). */
export const GUARANTEE = rx(r`\b(?:i|we) (?:can |will )?(?:personally )?guarantee\b`, r`\b(?:it's|it is|that's|that is|this is) guaranteed\b`, r`\bguaranteed to\b`);

/** Sensitive data read out by the bot or agent. */
export const SENSITIVE_DISCLOSURE = rx(r`\byour (?:password|pin|security code|cvv|cvc|passcode) is\b`);

/** Imperative verbs that start a concrete step (checked for an imperative position in code). */
export const IMPERATIVE = rx(
  r`\b(?:go to|click|tap|select|enter|open|navigate to|choose|press|restart|reboot|reset|turn (?:off|on)|unplug|plug|log (?:out|in)|sign (?:out|in)|reinstall|uninstall|clear|download|install|scroll (?:down |up )?to|toggle|hold|update|head to|copy|paste|type)\b`,
  r`\btry (?:restarting|resetting|clearing|reinstalling|updating|logging|signing|rebooting|turning)\b`,
);

/** Words after which an imperative verb starts a step ("please click", "then tap", "you can select"). */
export const IMPERATIVE_LEADS = new Set(['please', 'then', 'and', 'now', 'first', 'next', 'simply', 'just', 'can', 'should', 'firstly', 'finally', 'also', 'kindly']);
/** "to" leads a step only after these ("you'll need to click"), not in "can take up to 48 hours to update". */
export const IMPERATIVE_TO_LEADS = new Set(['need', 'have', 'want', 'best', 'sure']);

/** A vague pointer instead of a concrete step. */
export const VAGUE_POINTER = rx(
  r`\b(?:check|visit|see|look at|browse|go to|head to|read) (?:our|the) (?:website|site|help ?cent(?:er|re)|faqs?|knowledge ?base|support (?:page|site)|help (?:page|section|articles?)|app)\b`,
  r`\b(?:contact|call|reach out to|email|get in touch with) (?:us|support|customer (?:service|support)|our (?:support|customer service|customer support) team)\b`,
  r`\btry again later\b`,
);

/** A time commitment. */
export const TIMELINE = rx(
  r`\bwithin (?:the next )?(?:\d+(?:\s*(?:-|–|—|to)\s*\d+)?|an?|one|two|three|four|five|seven|ten|a few|a couple of) (?:business |working )?(?:minutes?|hours?|days?|weeks?)\b`,
  r`\bin (?:the next )?(?:\d+(?:\s*(?:-|–|—|to)\s*\d+)?|one|two|three|a few|a couple of) (?:business |working )?(?:minutes?|hours?|days?|weeks?)\b`,
  r`\b(?:by|before|until|from) (?:the )?(?:end of (?:the )?(?:day|week|month)|tomorrow|(?:next )?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b(?: \d{1,2}(?:st|nd|rd|th)?(?: (?:of )?[a-z]{3,9})?)?)`,
  r`\b(?:arrive|arrives|arriving|dispatched|delivered|shipped|sent|fixed|done|ready|back|later|expected)(?: \w+){0,2}? (?:today|tomorrow|tonight|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b`,
  r`\b(?:today|tomorrow|tonight) (?:between|by|before|after|morning|afternoon|evening)\b`,
  r`\b\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:-|–|—|to)\s*\d{1,2}(?::\d{2})\s*(?:am|pm)?\b`,
  r`\b(?:by|before|after|until) \d{1,2}(?::\d{2})?\s*(?:am|pm)\b`,
);

/** A specific link (with a path) the customer can follow. A host name is matched only from its first character (linear time). */
export const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'’)]+|(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:example|com|co\.uk|net|org|io|app|help)\/[^\s<>"'’)]+/gi;

/** A navigation path ("Settings → Account → Password"): a concrete step. */
export const NAV_PATH = rx(r`\b[A-Za-z][\w&'-]*(?: [\w&'-]+){0,3}\s*(?:→|->|»|>)\s*[A-Za-z][\w&'-]*(?: [\w&'-]+){0,3}`);

/** A ticket, case or reference number the customer can use. */
export const REFERENCE = rx(
  r`#[a-z]{0,4}-?\d[a-z0-9-]{2,}\b`,
  r`\b(?:ticket|case|reference|ref|confirmation|tracking|claim|return|rma)(?: (?:number|no\.?|id|#))?[:#]?\s*#?[a-z]{0,4}-?\d{4,}\b`,
);

/** An action the bot or agent completed for the customer. */
export const ACTION = rx(
  r`\b(?:i|we)(?:'ve| have)(?: just| now| already| gone ahead and)? (?:issued|processed|sent|refunded|credited|reset|updated|cancell?ed|changed|booked|scheduled|applied|escalated|raised|created|opened|logged|arranged|re-?sent|submitted|added|removed|replaced|reactivated|unlocked|fixed|ordered|approved|waived|extended|restored)\b`,
  r`\b(?:has|have) (?:now )?been (?:issued|processed|refunded|credited|reset|cancell?ed|updated|sent|applied|unlocked|fixed|approved|reactivated|scheduled|booked|restored|waived)\b`,
);

/** An action the bot or agent commits to take ("I'll send you a replacement"). */
export const COMMITMENT = rx(
  r`\b(?:i|we)(?:'ll| will) (?:now |personally )?(?:issue|process|send|arrange|book|schedule|reset|cancel|update|apply|raise|create|escalate|unlock|reactivate|restore|waive|email|call|ship|replace|look into|follow up|get back to you)\b`,
);

/** Numbered list items: "1. ...", "2) ...", "Step 1: ...". */
export const NUMBERED_ITEM = /(?:^|\s)(?:step\s*)?([1-9])[.):]\s+(?=\S)/gi;

/** A closing question ("Is there anything else I can help with?") does not wait for an answer about the issue. */
export const CLOSING_QUESTION = rx(
  r`\banything else\b`,
  r`\bsomething else\b`,
  r`\bother questions?\b`,
  r`\bfurther (?:help|assistance|questions)\b`,
  r`\bhelp (?:you )?with today\b`,
  r`\bhow (?:did|was) (?:i|we) do\b`,
  r`\brate (?:this|our|the)\b`,
);
