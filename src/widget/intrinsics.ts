// References captured once, when the script loads. A host page (or one of its third-party scripts)
// may later replace JSON, Math.random, Array.prototype methods or fetch; the widget keeps working
// because at runtime it calls only these captured functions, index loops and plain property access.
// Nothing here reads Array.prototype at runtime: no for-of, spread, map/forEach/push or .then chains.

// globalThis rather than window so the pure parts also load in Node for unit tests.
const w = globalThis;
const callFn = Function.prototype.call;
const bindFn = Function.prototype.bind;

/** Turns a prototype method into a plain function taking `this` first, immune to later overrides. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function uncurry<F extends (...args: any[]) => any>(fn: F): (self: unknown, ...args: Parameters<F>) => ReturnType<F> {
  return bindFn.call(callFn, fn) as (self: unknown, ...args: Parameters<F>) => ReturnType<F>;
}

export const jsonParse: (text: string) => unknown = JSON.parse;
export const random: () => number = Math.random;
export const now: () => number = Date.now;
export const setTimer: (fn: () => void, ms: number) => number = bindFn.call(w.setTimeout, w) as never;
export const clearTimer: (handle: number | undefined) => void = bindFn.call(w.clearTimeout, w) as never;
export const freeze: <T>(o: T) => Readonly<T> = Object.freeze;
export const encode: (s: string) => string = encodeURIComponent;
export const DateCtor = Date;
export const DateTimeFormat = Intl.DateTimeFormat;
export const UrlCtor = URL;
export const CustomEventCtor = w.CustomEvent;
export const WebSocketCtor: typeof WebSocket | undefined = w.WebSocket;
export const fetchFn: typeof fetch | undefined = typeof w.fetch === 'function' ? (bindFn.call(w.fetch, w) as typeof fetch) : undefined;
export const responseText = typeof Response === 'function' ? uncurry(Response.prototype.text) : undefined;

const target = EventTarget.prototype;
export const addListener = uncurry(target.addEventListener);
export const dispatch = uncurry(target.dispatchEvent);

const con = w.console;
const warnFn = con && typeof con.warn === 'function' ? (bindFn.call(con.warn, con) as (...args: unknown[]) => void) : null;
/** Warns without ever throwing, even if the page replaced or removed console. */
export function warn(message: string, detail?: unknown): void {
  try { if (warnFn) warnFn('[AgentPresence] ' + message, detail === undefined ? '' : detail); } catch { /* nothing to do */ }
}
