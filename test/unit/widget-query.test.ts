// SPEC 4.2: the widget socket's query (`site`, one `group`). The gateway splits plain queries by
// hand (issue 20, page-load storms); it must read every query exactly as WHATWG URL parsing does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { singleGroupParam } from '../../src/common/input-rules.js';
import { widgetQuery } from '../../src/server/gateway/widget-gateway.js';

/** What the gateway did before the hand split: URLSearchParams for everything. */
function reference(url: string) {
  const { searchParams } = new URL(url, 'http://localhost');
  const groups = searchParams.getAll('group');
  const param = singleGroupParam({ ...Object.fromEntries([...searchParams.keys()].map((k) => [k, ''])), group: groups.length > 1 ? groups : groups[0] });
  return { site: searchParams.get('site') ?? '', param };
}

const read = (url: string) => {
  const q = widgetQuery(url);
  return { site: q.site, param: singleGroupParam(q.params) };
};

describe('SPEC 4.2 the widget query is read as URL parsing reads it', () => {
  it.each([
    '/ws/widget', '/ws/widget?', '/ws/widget?site=abc', '/ws/widget?site=abc&group=g1', '/ws/widget?group=g1&site=abc',
    '/ws/widget?site=a&site=b', '/ws/widget?site=&group=', '/ws/widget?site', '/ws/widget?group', '/ws/widget?site=a&group=x&group=y',
    '/ws/widget?site=a&group=x&group=x', '/ws/widget?&&site=a&&', '/ws/widget?site=a=b', '/ws/widget?=x&site=a', '/ws/widget?site=a&group[]=x',
    '/ws/widget?site=a&group[x]=y', '/ws/widget?site=a%20b&group=%E2%9C%93', '/ws/widget?site=a+b', '/ws/widget?site=%zz', '/ws/widget?site=a#group=x',
    '/ws/widget?site=a?group=x', '/ws/widget?site=ü&group=ø', '/ws/widget?__proto__=1&site=a', '/ws/widget?site=a&GROUP=x',
  ])('%s', (url) => {
    expect(read(url)).toEqual(reference(url));
  });

  it('for any query over a mixed alphabet', () => {
    const chars = fc.constantFrom(...'sitegroup=&_-.~[]%2B+#? ü0'.split(''));
    const query = fc.array(fc.oneof(fc.constantFrom('site=', 'group=', '&', 'site=a', 'group=g'), chars), { maxLength: 24 }).map((parts) => parts.join(''));
    fc.assert(fc.property(query, (q) => {
      const url = `/ws/widget?${q}`;
      expect(read(url)).toEqual(reference(url));
    }), { numRuns: 2000 });
  });
});
