/**
 * Parses a JSONL HTTP body line by line as it streams in (never the whole file in memory at once).
 * Blank lines are skipped; a line that is not JSON yields `undefined` so the caller can report it.
 */
export async function* jsonLines(response: Response): AsyncGenerator<unknown> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    if (done) buffered += decoder.decode();
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== '') yield parse(line);
      newline = buffered.indexOf('\n');
    }
    if (done) break;
  }
  if (buffered.trim() !== '') yield parse(buffered);
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
