// The pre-framed broadcast (issue 20) must be byte for byte what ws itself would put on the wire
// for the same text message from a server (unmasked, FIN, opcode 1), at every length encoding.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { textFrame } from '../../src/server/gateway/wire-frame.js';

// ws exports its Sender at run time; its type definitions do not declare it.
const { Sender } = createRequire(import.meta.url)('ws') as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

describe('textFrame', () => {
  for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
    it(`frames ${n} bytes as ws does`, () => {
      const payload = Buffer.alloc(n, 'x');
      const expected = Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
      const { wire, payload: kept } = textFrame(payload);
      expect(wire.equals(expected)).toBe(true);
      expect(kept).toBe(payload);
    });
  }
});
