// A hand-written SVG line chart of fan-out latency percentiles (p50, p99) versus N per server.
import type { FanoutResult } from './fanout.js';

const colors = { ours: '#1f77b4', ws: '#2ca02c', sio: '#d62728' } as const;
const names = { ours: 'Agent Presence', ws: 'bare ws (floor)', sio: 'Socket.IO 4' } as const;

export function fanoutSvg(f: FanoutResult): string {
  const W = 640, H = 400, L = 60, R = 180, T = 30, B = 50;
  const ns = f.params.ns;
  const maxY = Math.max(1, ...f.runs.map((r) => r.all.p99)) * 1.1;
  const px = (i: number): number => L + (ns.length === 1 ? (W - L - R) / 2 : (i / (ns.length - 1)) * (W - L - R));
  const py = (v: number): number => H - B - (v / maxY) * (H - T - B);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="18" font-size="14">Fan-out latency (status.set → widget receipt), ms</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`, `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`];
  for (let k = 0; k <= 5; k++) {
    const v = (maxY / 5) * k;
    parts.push(`<line x1="${L}" y1="${py(v)}" x2="${W - R}" y2="${py(v)}" stroke="#ddd"/>`, `<text x="${L - 6}" y="${py(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  ns.forEach((n, i) => parts.push(`<text x="${px(i)}" y="${H - B + 18}" text-anchor="middle">${n.toLocaleString('en')}</text>`));
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">N widget sockets</text>`);
  let ly = T + 10;
  for (const t of ['ours', 'ws', 'sio'] as const) {
    for (const [pct, dash] of [['p50', ''], ['p99', '6 4']] as const) {
      const pts = ns.map((n, i) => {
        const r = f.runs.find((x) => x.target === t && x.n === n);
        return r ? `${px(i)},${py(r.all[pct])}` : null;
      }).filter((p): p is string => p !== null);
      if (pts.length === 0) continue;
      parts.push(`<polyline fill="none" stroke="${colors[t]}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${pts.join(' ')}"/>`);
      for (const p of pts) { const [cx, cy] = p.split(','); parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${colors[t]}"/>`); }
      parts.push(`<line x1="${W - R + 15}" y1="${ly}" x2="${W - R + 45}" y2="${ly}" stroke="${colors[t]}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`, `<text x="${W - R + 50}" y="${ly + 4}">${names[t]} ${pct}</text>`);
      ly += 20;
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
