/**
 * `npm run bench:import`: peak RSS and throughput of `cxqa import --from zendesk` on generated exports of
 * two sizes, written as one JSON page wrapper (`{ "tickets": [...], "users": [...] }`, the hardest shape to
 * stream: the users come after the tickets). Flat memory means the larger export peaks near the smaller one.
 * Inputs go to a temp dir and are deleted. Not a test: numbers depend on the machine and its load.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env['CXQA_BENCH_IMPORT_TICKETS'] ?? '20000,200000').split(',').map(Number);
const COMMENTS = 10;

async function writeExport(path: string, tickets: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"tickets":[\n');
  for (let i = 1; i <= tickets; i += 1) {
    const requester = 100000 + i;
    const comments = Array.from({ length: COMMENTS }, (_, c) => ({
      id: i * 100 + c,
      type: 'Comment',
      author_id: c % 2 === 0 ? requester : 7,
      body: c % 2 === 0 ? `Bonjour, ma commande n°${i} n'est pas arrivée (${c}).` : `Hello, I have checked order ${i}: it ships today. Anything else?`,
      html_body: `<div class="zd-comment"><p>${c % 2 === 0 ? 'Bonjour' : 'Hello'} &amp; thanks — order ${i}</p></div>`,
      public: c !== 3,
      attachments: c === 5 ? [{ id: 1, file_name: 'photo.jpg', content_type: 'image/jpeg', size: 1000 }] : [],
      via: { channel: 'email' },
      created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000 + c * 60_000).toISOString(),
    }));
    const ticket = {
      id: i,
      via: { channel: 'email' },
      created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      updated_at: new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString(),
      subject: `Order ${i}`,
      status: 'solved',
      requester_id: requester,
      assignee_id: 7,
      tags: ['bench'],
      satisfaction_rating: { score: i % 3 === 0 ? 'bad' : 'good' },
      comments,
    };
    await write(`${i > 1 ? ',\n' : ''}${JSON.stringify(ticket)}`);
  }
  await write('\n],"users":[{"id":7,"name":"Ana","role":"agent"}');
  for (let i = 1; i <= tickets; i += 1) await write(`,{"id":${100000 + i},"name":"Customer ${i}","role":"end-user"}`);
  await write('],"next_page":null,"count":' + tickets + '}\n');
  out.end();
  await once(out, 'finish');
}

function run(input: string, output: string): Promise<{ peakMb: number; seconds: number; summary: string }> {
  const args = ['dist/src/cli/bin.js', 'import', '--from', 'zendesk', input, '--out', output];
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
  return new Promise((resolve, reject) => {
    child.on('close', () => {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const summary = /import zendesk: ([^\n]*)/.exec(stderr)?.[1] ?? '';
      if (!m) return reject(new Error(stderr));
      resolve({ peakMb: Number(m[1]) / 1024, seconds: (performance.now() - t0) / 1000, summary });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('needs /usr/bin/time (Debian package "time")');
  const dir = mkdtempSync(join(tmpdir(), 'cxqa-bench-import-'));
  try {
    console.log('tickets  input MB  peak RSS MB  seconds  tickets/s  summary');
    for (const n of SIZES) {
      const input = join(dir, `zendesk-${n}.json`);
      await writeExport(input, n);
      const mb = statSync(input).size / 1024 / 1024;
      const r = await run(input, join(dir, 'out.jsonl'));
      console.log(`${n}  ${mb.toFixed(0)}  ${r.peakMb.toFixed(0)}  ${r.seconds.toFixed(1)}  ${Math.round(n / r.seconds)}  ${r.summary}`);
      rmSync(input);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
