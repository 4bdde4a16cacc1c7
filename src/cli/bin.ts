#!/usr/bin/env node
import { tuneHeap } from './heap-tuning.js';

tuneHeap(); // before anything allocates much: see heap-tuning.ts
const { main, isBrokenPipe } = await import('./main.js');
// `cxqa export ... | head -1`: once the reader has gone, stop quietly (exit 0, or the code already decided).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}
process.exitCode = await main(process.argv.slice(2));
