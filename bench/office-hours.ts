// Office-hours engine throughput (SPEC 3): isOpen and nextChange evaluations per second for a
// realistic schedule. Run: npx tsx bench/office-hours.ts [--quick]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOpen, nextChange, validateOfficeHours, type OfficeHours } from '../src/common/office-hours.js';

export interface OfficeHoursBenchOptions {
  /** Evaluations per measured round. */
  iterations?: number;
  /** Measured rounds; the median is reported. */
  rounds?: number;
  /** Write bench/results/office-hours.json (default true). */
  write?: boolean;
}

export interface OfficeHoursBenchResult {
  name: 'office-hours';
  node: string;
  cpus: { count: number; model: string };
  params: { iterations: number; rounds: number; zone: string; schedule: string };
  results: { isOpenPerSec: number; nextChangePerSec: number; nextChangeUs: number };
}

const workday = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:30' },
];

export function benchSchedule(): OfficeHours {
  const parsed = validateOfficeHours({
    enabled: true,
    timezone: 'Europe/Prague',
    weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
    exceptions: [
      { date: '2026-12-24', intervals: [] },
      { date: '2026-12-25', intervals: [] },
      { date: '2026-12-31', intervals: [{ from: '09:00', to: '12:00' }] },
      { date: '2027-01-01', intervals: [] },
    ],
    messages: { offline: 'We are away. Leave a message and we will write back.' },
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.value;
}

function perSecond(rounds: number, iterations: number, fn: (i: number) => unknown): number {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn(i);
    rates.push(iterations / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)] as number);
}

export function runOfficeHoursBench(opts: OfficeHoursBenchOptions = {}): OfficeHoursBenchResult {
  const iterations = opts.iterations ?? 200_000;
  const rounds = opts.rounds ?? 5;
  const schedule = benchSchedule();
  // 4096 instants spread over a year (crossing both DST changes and the exceptions), about
  // 2 h 8 min apart so they land at every time of day.
  const base = Date.parse('2026-03-01T00:00:00Z');
  const instants = Array.from({ length: 4096 }, (_, i) => base + i * 7_713_000);
  const at = (i: number): number => instants[i & 4095] as number;
  let sink = 0;
  perSecond(1, Math.min(iterations, 20_000), (i) => (sink += nextChange(schedule, at(i)) ?? 0)); // warm-up
  const isOpenPerSec = perSecond(rounds, iterations, (i) => (sink += isOpen(schedule, at(i)) ? 1 : 0));
  const nextChangePerSec = perSecond(rounds, iterations, (i) => (sink += nextChange(schedule, at(i)) ?? 0));
  if (sink === -1) console.log(sink); // keeps the work observable
  const result: OfficeHoursBenchResult = {
    name: 'office-hours',
    node: process.version,
    cpus: { count: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
    params: { iterations, rounds, zone: 'Europe/Prague', schedule: 'Mon–Fri 09:00–12:00, 13:00–17:30; 4 exceptions' },
    results: { isOpenPerSec, nextChangePerSec, nextChangeUs: Math.round((1e6 / nextChangePerSec) * 100) / 100 },
  };
  if (opts.write ?? true) {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'office-hours.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const r = runOfficeHoursBench(quick ? { iterations: 20_000, rounds: 3 } : {});
  console.log(`office-hours (${r.params.zone}, node ${r.node}, ${r.cpus.count} cpus)`);
  console.log(`  isOpen      ${r.results.isOpenPerSec.toLocaleString('en')} /s`);
  console.log(`  nextChange  ${r.results.nextChangePerSec.toLocaleString('en')} /s (${r.results.nextChangeUs} µs each)`);
}
