#!/usr/bin/env node
import { tuneHeap } from './heap-tuning.js';

tuneHeap(); // before anything allocates much: see heap-tuning.ts
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
