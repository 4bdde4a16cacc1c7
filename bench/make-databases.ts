/** `node dist/bench/make-databases.js`: makes (or finds) the cached benchmark databases under .bench/ and prints their paths. */
import { benchDb100k, benchDb1m } from './bench-databases.js';

const t0 = performance.now();
console.log(await benchDb100k());
console.log(await benchDb1m());
console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s`);
