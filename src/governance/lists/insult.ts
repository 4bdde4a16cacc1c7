/** Words that belittle the customer. Matched on word boundaries, case-insensitive. */
export const INSULT: readonly string[] = ['stupid', 'idiot', 'idiotic', 'dumb', 'moron', 'clueless', 'pathetic', 'ridiculous', 'whatever'];
