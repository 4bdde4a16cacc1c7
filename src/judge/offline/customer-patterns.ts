/**
 * The offline judge's phrase lists for customer messages (thanks, sarcasm, confirmations, rejections, repeats,
 * frustration). English only; see `patterns.ts` for the conventions and README.md in this folder for each list.
 */
import { rx } from './text.js';

const r = String.raw;

// ---------------------------------------------------------------------------------------------------------------
// Customer messages
// ---------------------------------------------------------------------------------------------------------------

/** Thanks / appreciation. Counted only when the message has no sarcasm, resignation or negative confirmation. */
export const GRATITUDE = rx(r`\bthank(?:s|\s+you|\s+u)?\b`, r`\bthx\b`, r`\bappreciate(?:d)?\b`, r`\bcheers\b`);

/** Sarcastic "thanks" and similar. */
export const SARCASM = rx(
  r`\bthanks?(?:\s+you)?(?:\s+(?:a lot|a bunch|so much|very much|heaps))?\s+for\s+(?:nothing|nada|absolutely nothing|wasting my time|no(?:thing)? help|being (?:so |completely |totally )?useless|not helping|the runaround|making (?:it|things) worse)\b`,
  r`\bjust (?:great|perfect|wonderful|fantastic|brilliant|lovely)\b`,
  r`\boh (?:great|wonderful|perfect|fantastic|brilliant),? (?:another|now|so now|more|just what)\b`,
  r`\byeah,? right\b`,
  r`\b(?:real|really|very|super|so) helpful[,.!…]*\s*(?:-\s*)?not\b`,
  r`\bgee,? thanks\b`,
);

/** Polite giving-up: the customer thanks but the issue is not solved. Treated as a negative confirmation. */
export const RESIGNED = rx(
  r`\bthanks?(?:\s+you)?\s+(?:anyway|anyways|for trying)\b`,
  r`\bforget it\b`,
  r`\bnever ?mind,? i'll\b`,
  r`\bdon't bother\b`,
  r`^\s*(?:ok(?:ay)?,?\s*)?(?:fine|whatever)[.!]*\s*$`,
  r`\bi'll (?:just )?(?:dispute|complain|go elsewhere|take my business elsewhere|call instead|use something else|figure it out myself|do it myself|use a \w+ (?:instead|today))\b`,
  r`\b(?:dispute|contest) (?:it|this|the charge|the payment) with my (?:bank|card)\b`,
  r`\bchargeback\b`,
  r`\b(?:i'll|i will|i'm going to|going to) (?:be )?(?:look|looking|go|going|switch|switching|move|moving) (?:at |to )?(?:other|another|a different) (?:providers?|banks?|companies|company|suppliers?|options)\b`,
  r`\b(?:take|taking) my (?:business|money) elsewhere\b`,
);

/** The customer closes the conversation ("no, that's all", "nothing else"): a weak sign the need was met. */
export const CLOSING_REPLY = rx(
  r`^\s*(?:no,?\s*)?(?:that's|that is|that'll be|that was) (?:all|everything|it)\b`,
  r`\bnothing else\b`,
  r`\bthat's all i (?:needed|wanted)\b`,
  r`\b(?:i'm|i am) (?:all )?(?:good|set|sorted)\b`,
  r`^\s*no,? (?:thanks|thank you)\b`,
);

/** The customer confirms the problem is solved or the answer understood. */
export const CONFIRMATION = rx(
  r`\b(?:that|it|this)(?:'s| has)? (?:worked|works now|did it|did the trick|does the trick|helped)\b`,
  r`\b(?:that|it|this)(?:'s| is| has been)? (?:now )?(?:fixed|sorted|solved|resolved)\b`,
  r`\b(?:that|it|this)(?:'s| is) (?:now )?working(?: now| again)?\b`,
  r`\b(?:works|working) (?:now|again)\b`,
  r`\b(?:link|code|it|that|this|card|app|login|password|reset|everything|one) (?:now )?works\b`,
  r`\b(?:signal|service|internet|wifi|wi-fi|connection|access|it|everything)(?:'s| is) (?:back|back on|back up)\b`,
  r`\ball (?:sorted|set|good now|fixed)\b`,
  r`\bgot it\b`,
  r`\bperfect\b`,
  r`\bproblem solved\b`,
  r`\b(?:issue|problem) (?:is )?(?:now )?(?:resolved|solved|fixed|sorted)\b`,
  r`\bi (?:can|could|was able to|am able to|'m able to) (?:now )?(?:log ?in|login|sign in|access (?:it|my account)|see (?:it|the \w+))(?: now| again)\b`,
  r`\bthat (?:answers|answered) my question\b`,
);

/**
 * Confirmation matches that only accept an offer or acknowledge an answer ("perfect", "that works [for me]", "got
 * it"), tested against the whole match. Any other confirmation reports a fix ("that worked", "it's fixed", "I can
 * log in now"). Auto-CSAT credits only a confirmed fix; resolution counts both.
 */
export const ACCEPTANCE_ONLY = rx(r`^(?:perfect|got it|(?:that|this|one) works|all set)$`);

/**
 * AFINN words that are courtesy in a customer message ("thank you for your help", "please"): Auto-CSAT's end
 * sentiment leaves them out, since nearly every customer says them whatever they think of the service.
 */
/**
 * Courtesy words masked before VADER scores a customer message (customer-vader.ts): "thank you for your help",
 * "please" are politeness, not satisfaction. The regex twin of COURTESY_WORDS (which discounts AFINN points).
 */
export const COURTESY_PATTERN = rx(r`\b(?:thank(?:s|\s+you|\s+u)?|thankful|thx|appreciated?|please|help|welcome)\b`);

/**
 * A customer turn (not the first) that opens by turning down what the bot/agent offered or asked ("No, play it on
 * the bedroom speaker", "nope", "not really"): effort for Auto-CSAT. Not when the message closes the conversation
 * or thanks (REJECTION_EXCEPT: "no, that's all", "no thanks", "nothing else", "I'm good").
 */
export const REJECTION = rx(r`^\s*(?:no|nope|not really|not that|neither|none)\b`);
export const REJECTION_EXCEPT = rx(
  r`\bthat'?s all\b`,
  r`\bthat is all\b`,
  r`\bthat will be all\b`,
  r`\bnothing else\b`,
  r`\bthank`,
  r`\bi'?m (?:all )?(?:good|set)\b`,
  r`^\s*no,? that\b`,
  r`\bthat'?s it\b`,
);

export const COURTESY_WORDS: ReadonlySet<string> = new Set(['thank', 'thanks', 'thankful', 'appreciate', 'appreciated', 'please', 'help', 'welcome']);

/** Negation or condition just before a confirmation ("I don't think that worked", "if that worked"). */
export const CONFIRMATION_NEGATION = rx(r`\b(?:not|never|if|whether|no longer|unless)\b`, r`n't\b`);

/** The customer says the help did not work, or that the answer missed the question. */
export const NEGATIVE_CONFIRMATION = rx(
  r`\bstill (?:not|isn't|is not|doesn't|does not|won't|will not|can't|cannot|didn't|haven't|hasn't|no)\b(?: \w+){0,3}`,
  r`\bstill (?:broken|the same|failing|down|stuck|happening|charging|getting|seeing|having|showing|waiting)\b(?: \w+){0,2}`,
  r`\b(?:that|it|this|which) (?:didn't|did not|doesn't|does not|hasn't|has not|won't|will not|isn't|is not) (?:work|help|fix|solve|change|do anything)\w*`,
  r`\b(?:didn't|did not|doesn't|does not) help\b`,
  r`\bnot helpful\b`,
  r`\b(?:that's |that is )?not what i (?:asked|meant|need|needed|wanted|was asking)(?: for| about)?\b`,
  r`\b(?:you're|you are) not (?:listening|understanding|helping|reading)\b`,
  r`\byou (?:aren't|don't|didn't|do not|did not) (?:listen|understand|help|read)\w*`,
  r`\b(?:doesn't|does not|didn't|did not) answer my question\b`,
  r`\b(?:not|isn't|is not|wasn't|hasn't been|still not) (?:fixed|resolved|sorted|solved)\b`,
  r`\bsame (?:problem|issue|error|thing) (?:again|still|as before)\b`,
  r`\b(?:no|not any) help at all\b`,
  r`\b(?:you're|you are|this is|this bot is|that's|that is) (?:completely |totally |so )?useless\b`,
  r`\bnothing (?:has )?(?:changed|worked|happened)\b`,
  r`\bnone of (?:that|these|this|those|it) (?:worked|helped|works|helps)\b`,
  r`\bi(?:'ve| have)? (?:already )?tried (?:that|this|it|those|everything|all of (?:that|those|these))(?: already)?\b`,
);

/** The customer says they are repeating themselves. */
export const EXPLICIT_REPEAT = rx(
  r`\bi(?:'ve| have)? (?:already|just) (?:told|said|explained|gave|given|provided|sent|asked|answered|mentioned)\b(?: (?:you|this|that|it|the bot|your colleague|the other agent))?`,
  r`\bas i (?:already )?(?:said|mentioned|explained|told you|wrote|stated)\b`,
  r`\blike i (?:already )?(?:said|told (?:you|the bot|your colleague|the other agent)|mentioned)\b`,
  r`\b(?:ask|asking|tell|telling|explain|explaining|say|saying|repeat|repeating|type|typing)(?: (?:you|this|it|that|myself|everything))? (?:all )?over again\b`,
  r`\b(?:ask|asking|tell|telling|explain|explaining|say|saying|repeat|repeating|type|typing)(?: (?:you|this|it|that|myself|everything))? again\b`,
  r`\bonce again\b`,
  r`(?:^|[.!?]\s*)again,`,
  r`\bfor the (?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th) time\b`,
  r`\bhow many times\b`,
);

/** The customer asks for a human. */
export const HUMAN_REQUEST = rx(
  r`\b(?:real|actual|live) (?:person|human|agent|people)\b`,
  r`\b(?:speak|talk|chat)(?:ing)? (?:to|with) (?:a |an |some |the )?(?:real |actual |live )?(?:human|person|agent|representative|rep|someone|somebody|manager|supervisor|operator)\b`,
  r`\b(?:transfer|connect|put) me (?:to|through to|with) (?:a |an |the )?(?:real |live )?(?:human|agent|person|representative|someone|somebody|manager|supervisor|operator)\b`,
  r`\bi (?:want|need|would like|'d like) (?:a |an |to get a |to get an )?(?:human|agent|person|representative|manager|supervisor|operator)\b`,
  r`\b(?:human|agent|representative|operator),? (?:please|pls|now)\b`,
  r`^\s*(?:human|agent|representative|operator)[\s.!?]*$`,
  r`\bare you (?:a )?(?:bot|robot|real)\b`,
);

/** The customer corrects what the bot or agent said. */
export const CORRECTION = rx(
  r`\bthat(?:'s| is) (?:not right|wrong|incorrect|not correct|not true|false)\b`,
  r`\b(?:that's|that is|you're|you are) (?:just |totally |completely )?(?:wrong|mistaken)\b`,
  r`\bthat(?:'s| is) not what (?:your|the|it|my|this) [\w ]{0,30}?(?:says|said|states|shows|showed)\b`,
  r`\b(?:your|the) (?:website|site|app|email|policy|terms|faq|confirmation|receipt|invoice|page|colleague|other agent)(?: clearly)? (?:says|said|states|shows|showed|told me)\b`,
  r`\bnot what (?:your|the) \w+ (?:says|said|states)\b`,
  r`\bthat contradicts\b`,
  r`\byou (?:told|said to) me (?:earlier|before|yesterday|last time)\b`,
  r`\bthat(?:'s| is) not (?:how|what) it works\b`,
);

/** Signs of frustration in a customer message (besides negative confirmations, repeats and human requests). */
export const FRUSTRATION = rx(
  r`\bfrustrat\w*`,
  r`\bannoy\w*`,
  r`\b(?:angry|furious|livid|upset|fuming)\b`,
  r`\b(?:ridiculous|unacceptable|outrageous|pathetic|terrible|awful|horrible)\b`,
  r`\bfed up\b`,
  r`\bsick (?:and tired )?of\b`,
  r`\bdisappoint\w*`,
  r`\bworst\b`,
  r`\bwaste of (?:my )?time\b`,
  r`\b(?:is this|what) a joke\b`,
  r`\bugh+\b`,
  r`\bunbelievable\b`,
  r`\b(?:are you|you're|you are) (?:kidding|joking|serious)\b`,
  r`!!+`,
);
