import type { TermList } from './term-list.js';

/**
 * Words and constructions that belittle the customer. Adjectives such as "stupid", "ridiculous" or "dumb"
 * count only when aimed at the customer or their request ("you're being ridiculous", "a stupid question"):
 * "that delay is ridiculous, I'm sorry" is empathy, and "a dumb phone" is a kind of phone. Read with
 * `ignore: [negated]`: "there are no stupid questions".
 */
export const INSULT: TermList = {
  phrases: ['idiot', 'idiots', 'idiotic', 'moron', 'morons', 'moronic', 'imbecile', 'halfwit', 'dimwit', 'dumbass', 'nitwit', "what's wrong with you", 'what is wrong with you', 'are you deaf', 'are you blind', "can't you read", 'can you not read', 'even a child could'],
  patterns: [
    // "you're (so / such a / being / really / just) stupid", "are you stupid", "you clueless ..."
    "\\b(?:you(?:'re|’re| are)?|are you|you're being|you’re being|you are being)(?: so| such a| such an| really| just| being| a| an| completely| totally| absolutely| bloody)? (?:stupid|dumb|clueless|pathetic|ridiculous|useless|incompetent|hopeless|ignorant|lazy|thick|dense|slow)\\b",
    // "a stupid question", "that's a dumb request"
    '\\b(?:stupid|dumb|silly|idiotic|ridiculous|pathetic|pointless) (?:question|questions|request|requests|complaint|complaints|mistake|idea)\\b',
    // A bare dismissive "Whatever." as its own sentence, not "whatever you need".
    '(?:^|[.!?,]\\s?)(?:ok |okay |ok, |okay, |fine, )?whatever(?=\\s?(?:[.!]|$))',
  ],
  negatable: true,
};
