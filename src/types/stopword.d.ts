/** The parts of `stopword` (no bundled types) cxqa uses. */
declare module 'stopword' {
  export function removeStopwords(tokens: string[], stopwords?: string[]): string[];
  export const eng: string[];
}
