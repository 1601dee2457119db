import { describe, expect, expectTypeOf, it } from 'vitest';
import type { WidgetStatus } from '../../src/common/protocol.js';
import { widgetStatusSchema } from '../../src/common/protocol.js';
import { parseStatus, sameStatus, type PublicStatus } from '../../src/widget/status.js';

const body: WidgetStatus = {
  type: 'chatBox.status', site: 'site_1', group: null, online: false, reason: 'outside_office_hours',
  nextOpenAt: '2026-03-02T09:00:00+01:00', messages: { offline: 'Back soon' }, whenOffline: 'message', at: '2026-03-01T20:00:00Z',
};

describe('SPEC 4.2 widget message as the widget reads it', () => {
  it('keeps the hand-written type in step with the shared zod schema', () => {
    expectTypeOf<Omit<WidgetStatus, 'type'>>().toExtend<PublicStatus>();
    expect(widgetStatusSchema.parse(body)).toEqual(body);
  });

  it('parses a chatBox.status body into a frozen copy without the type', () => {
    const s = parseStatus(JSON.stringify(body));
    expect(s).toEqual({ ...body, type: undefined });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s?.messages)).toBe(true);
  });

  it('rejects anything that is not a status', () => {
    for (const bad of ['', 'null', '[]', '{"type":"chatBox"}', JSON.stringify({ ...body, online: 'yes' }),
      JSON.stringify({ ...body, reason: 'weird' }), 'not json', 42]) {
      expect(parseStatus(bad)).toBeNull();
    }
  });

  it('defaults unknown whenOffline to message and drops non-string offline messages', () => {
    const s = parseStatus(JSON.stringify({ ...body, whenOffline: 'explode', messages: { offline: 3 } }));
    expect(s?.whenOffline).toBe('message');
    expect(s?.messages).toEqual({});
  });
});

describe('SPEC 2.2 widget subscribers receive a message only when their status actually changes', () => {
  it('ignores the timestamp when comparing', () => {
    const a = parseStatus(JSON.stringify(body));
    const b = parseStatus(JSON.stringify({ ...body, at: '2026-03-01T20:05:00Z' }));
    const c = parseStatus(JSON.stringify({ ...body, online: true, reason: 'agents_online', nextOpenAt: null }));
    expect(sameStatus(a, b)).toBe(true);
    expect(sameStatus(a, c)).toBe(false);
    expect(sameStatus(null, a)).toBe(false);
    expect(sameStatus(null, null)).toBe(true);
  });
});
