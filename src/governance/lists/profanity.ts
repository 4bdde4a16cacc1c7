import type { TermList } from './term-list.js';

/**
 * Swearing an agent or bot must never use with a customer, with common spellings and masked forms (f*ck).
 * Never negatable: "not a damn thing" is still swearing. Whole words only: "hello", "Scunthorpe", "assess",
 * "Amsterdam" and "arsenal" do not match.
 */
export const PROFANITY: TermList = {
  phrases: [
    'damn',
    'damned',
    'dammit',
    'damnit',
    'goddamn',
    'goddamnit',
    'hell',
    'crap',
    'crappy',
    'shit',
    'shitty',
    'bullshit',
    'sh*t',
    'fuck',
    'fucking',
    'fuckin',
    'fucked',
    'f*ck',
    'f**k',
    'f*cking',
    'motherfucker',
    'wtf',
    'stfu',
    'piss off',
    'pissed off',
    'bastard',
    'bloody hell',
    'arse',
    'arsed',
    'asshole',
    'arsehole',
    'bitch',
    'bollocks',
    'screw you',
    'sucks',
  ],
  patterns: [],
  negatable: false,
};
