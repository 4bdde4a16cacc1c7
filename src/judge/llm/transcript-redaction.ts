import type { Transcript } from '../../transcript/schema.js';

/**
 * A hook that hides personal data before a transcript is sent to a model. It returns the transcript to
 * send (same number and order of messages) and `restore`, which maps a quote taken from the redacted text
 * back to the original text, so evidence can be verified against (and stored as) the original.
 */
export type TranscriptRedactor = (transcript: Transcript) => { transcript: Transcript; restore: (quote: string) => string };

/** The default: send the transcript as it is. */
export const noRedaction: TranscriptRedactor = (transcript) => ({ transcript, restore: (quote) => quote });
