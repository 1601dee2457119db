// Fuzz inputs for the hardening suite: fast-check arbitraries derived from the shared zod schemas
// (so the fuzzer follows the protocol as it changes), field-level mutations of valid values, and
// byte-level mutations of valid frames.
import fc from 'fast-check';
import type { z } from 'zod';

type Def = { type: string; [k: string]: any };
const defOf = (schema: z.ZodType): Def => (schema as any)._zod.def as Def;

function stringArb(schema: z.ZodType): fc.Arbitrary<string> {
  const s = schema as any;
  const min: number = s.minLength ?? 0;
  const max: number = Math.min(s.maxLength ?? 40, 80);
  const checks: any[] = defOf(schema).checks ?? [];
  const pattern: RegExp | undefined = checks.map((c) => c._zod?.def?.pattern).find((p) => p instanceof RegExp);
  if (pattern) {
    // Emails and device ids: generate from the pattern, keep those inside the length bounds.
    return fc.stringMatching(pattern).filter((v) => v.length >= min && v.length <= max && !/\s/.test(v.trim()) && v.trim().length === v.length);
  }
  return fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1) }).filter((v) => v.trim().length >= min);
}

/** An arbitrary of values the schema accepts (for the zod constructs the protocol uses). */
export function arbitraryFrom(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = (schema as any).shape as Record<string, z.ZodType>;
      const required: string[] = [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, field] of Object.entries(shape)) {
        const t = defOf(field).type;
        model[key] = arbitraryFrom(t === 'optional' || t === 'default' ? defOf(field).innerType : field);
        if (t !== 'optional' && t !== 'default') required.push(key);
      }
      return fc.record(model, { requiredKeys: required as never[] });
    }
    case 'string': return stringArb(schema);
    case 'number': {
      const s = schema as any;
      const min = Number.isFinite(s.minValue) ? s.minValue : -1e6;
      const max = Number.isFinite(s.maxValue) ? s.maxValue : 1e6;
      return s.isInt ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean': return fc.boolean();
    case 'enum': return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal': return fc.constantFrom(...(def.values as unknown[]));
    case 'array': return fc.array(arbitraryFrom(def.element), { maxLength: 4 });
    case 'nullable': return fc.option(arbitraryFrom(def.innerType), { nil: null });
    case 'optional': case 'default': return arbitraryFrom(def.innerType);
    case 'union': return fc.oneof(...(def.options as z.ZodType[]).map(arbitraryFrom));
    case 'pipe': return arbitraryFrom(def.in);
    default: throw new Error(`arbitraryFrom: unsupported zod type ${def.type}`);
  }
}

/** JSON values of every shape, including the awkward ones (huge numbers, deep nesting, unicode). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, '', '__proto__', 'constructor', '\u0000', '\ud800', 'a'.repeat(300), [], {}, { __proto__: { admin: true } }),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Field-level mutations of a valid object: drop, add, retype, nest, rename. */
export function mutateFields(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), hostileValue, fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 5 })).map(([v, pick, value, key, op]) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return value;
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(v));
    const keys = Object.keys(copy);
    const k = keys[pick % Math.max(keys.length, 1)] ?? 'type';
    switch (op) {
      case 0: delete copy[k]; break;
      case 1: copy[key || 'extra'] = value; break;
      case 2: copy[k] = value; break;
      case 3: copy[k] = { [k]: copy[k] }; break;
      case 4: return [copy];
      default: copy[k] = typeof copy[k] === 'string' ? `${copy[k] as string}${'x'.repeat(pick % 400)}` : String(copy[k]);
    }
    return copy;
  });
}

/** Byte-level mutations of a serialized valid frame: flips, inserts, deletes, truncation, splices. */
export function mutateBytes(valid: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  const edit = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 8 }));
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) => {
    let bytes = Buffer.from(text, 'utf8');
    for (const [op, at, byte, len] of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      switch (op) {
        case 0: bytes = Buffer.from(bytes); bytes[i] = byte; break;
        case 1: bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]); break;
        case 2: bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + len)]); break;
        case 3: bytes = bytes.subarray(0, i); break;
        case 4: bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i, i + len), bytes.subarray(i)]); break;
        default: bytes = Buffer.concat([bytes, Buffer.from(',"x":1}')]);
      }
    }
    return bytes;
  });
}

/** Deterministic samples: the suite's seed plus a per-stream offset. */
export function samples<T>(arb: fc.Arbitrary<T>, count: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: count, seed });
}
