import { createBadge, type Badge } from './badge.js';
import {
  addListener, clearTimer, CustomEventCtor, dispatch, encode, fetchFn, random, responseText, setTimer, UrlCtor, warn, WebSocketCtor,
} from './intrinsics.js';
import { DEFAULT_LIVE_OPTIONS, LiveStatus, type LiveEnv, type SocketLike } from './live-status.js';
import { widgetLanguage } from './locale.js';
import type { PublicStatus } from './status.js';

/** What `window.AgentPresence` offers to sites that draw their own chat button. */
export interface AgentPresenceApi {
  readonly version: string;
  subscribe(cb: (status: PublicStatus) => void): () => void;
  status(): PublicStatus | null;
  setGroup(group: string | null): void;
}

const VERSION = '1';
const CLAIMED = '__agentPresence';

/** The script tag that loaded this copy: currentScript, else the first unclaimed widget.js tag. */
function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript as (HTMLScriptElement & { [CLAIMED]?: boolean }) | null;
  if (current && current.src && !current[CLAIMED]) return current;
  const all = doc.getElementsByTagName('script');
  for (let i = 0; i < all.length; i++) {
    const s = all[i] as HTMLScriptElement & { [CLAIMED]?: boolean };
    if (!s[CLAIMED] && /\/widget\.js(?:[?#]|$)/.test(s.src)) return s;
  }
  return null;
}

function boot(): void {
  const doc = document;
  const script = findScript(doc) as (HTMLScriptElement & { [CLAIMED]?: boolean }) | null;
  if (!script) {
    warn('cannot find my <script> tag');
    return;
  }
  script[CLAIMED] = true;
  const attr = (name: string): string | null => script.getAttribute('data-' + name);
  const site = attr('site');
  if (!site) {
    warn('data-site is missing on the widget <script> tag');
    return;
  }
  // The server is wherever widget.js came from, unless data-server says otherwise.
  const origin = new UrlCtor(attr('server') || script.src, doc.baseURI);
  const httpBase = origin.protocol + '//' + origin.host;
  const wsBase = (origin.protocol === 'https:' ? 'wss://' : 'ws://') + origin.host;
  const query = (group: string | null): string => '?site=' + encode(site) + (group ? '&group=' + encode(group) : '');
  const pollMs = Number(attr('poll-ms')) || DEFAULT_LIVE_OPTIONS.pollMs;

  const listeners: Array<((s: PublicStatus) => void) | null> = [];
  let badge: Badge | null = null;

  const Ws = WebSocketCtor;
  const env: LiveEnv = {
    openSocket: Ws ? (url) => new Ws(url) as unknown as SocketLike : null,
    async fetchStatus(url) {
      if (!fetchFn || !responseText) throw new Error('no fetch');
      // No cookies and no referrer: the status is public and the visitor stays anonymous.
      const res = await fetchFn(url, { credentials: 'omit', cache: 'no-cache', referrerPolicy: 'no-referrer', mode: 'cors' });
      return { status: res.status, text: res.status === 200 ? await responseText(res) : '' };
    },
    setTimeout: setTimer,
    clearTimeout: clearTimer,
    random,
    hidden: () => doc.visibilityState === 'hidden',
  };

  const publish = (s: PublicStatus): void => {
    if (badge) badge.render(s);
    // A snapshot of the list: a callback that unsubscribes must not skip its neighbour.
    const snapshot: typeof listeners = [];
    for (let i = 0; i < listeners.length; i++) snapshot[i] = listeners[i] as (typeof listeners)[number];
    for (let i = 0; i < snapshot.length; i++) {
      const cb = snapshot[i];
      if (cb) {
        try { cb(s); } catch (e) { warn('a subscriber threw', e); }
      }
    }
    try { dispatch(doc, new CustomEventCtor('agentpresence:change', { detail: s })); } catch (e) { warn('an event listener threw', e); }
  };

  const live = new LiveStatus(env, {
    ...DEFAULT_LIVE_OPTIONS,
    pollMs,
    wsUrl: (group) => wsBase + '/ws/widget' + query(group),
    statusUrl: (group) => httpBase + '/api/v1/widget/' + encode(site) + '/status' + (group ? '?group=' + encode(group) : ''),
  }, attr('group') || null, publish, () => {
    warn('unknown site or group "' + site + '"; the widget stays hidden');
    if (badge) badge.render(null, true);
  });

  if (attr('badge') !== 'none') {
    const nav = window.navigator;
    const lang = widgetLanguage(attr('locale') || doc.documentElement.lang, nav && (nav.languages || [nav.language]));
    const position = attr('position') || 'bottom-right';
    badge = createBadge(doc, {
      position,
      theme: attr('theme') || 'light',
      accent: attr('accent'),
      onlineText: attr('online-text') || lang.messages.online,
      offlineText: attr('offline-text') || lang.messages.offline,
      opensText: attr('opens-text') || lang.messages.opens,
      locale: lang.tag,
      nonce: script.nonce || attr('nonce') || '',
      onClick: () => { dispatch(doc, new CustomEventCtor('agentpresence:click', { detail: live.status() })); },
    });
    mount(doc, script, badge.host, position === 'inline');
  }

  const api: AgentPresenceApi = {
    version: VERSION,
    subscribe(cb) {
      if (typeof cb !== 'function') return () => undefined;
      const index = listeners.length;
      listeners[index] = cb;
      // Late subscribers get the current status at once, but never synchronously inside subscribe().
      setTimer(() => {
        const s = live.status();
        if (s && listeners[index] === cb) {
          try { cb(s); } catch (e) { warn('a subscriber threw', e); }
        }
      }, 0);
      return () => { listeners[index] = null; };
    },
    status: () => live.status(),
    setGroup(group) {
      try { live.setGroup(typeof group === 'string' && group ? group : null); } catch (e) { warn('setGroup failed', e); }
    },
  };

  const g = window as unknown as { AgentPresence?: AgentPresenceApi };
  // One global per page: the first widget tag owns it, extra tags (e.g. one badge per group) only draw.
  if (!g.AgentPresence) g.AgentPresence = api;

  addListener(doc, 'visibilitychange', () => {
    try { live.visibilityChanged(); } catch (e) { warn('visibility handling failed', e); }
  });
  live.start();
}

function mount(doc: Document, script: HTMLScriptElement, host: HTMLElement, inline: boolean): void {
  const place = (): void => {
    try {
      const parent = script.parentNode;
      if (inline && parent && parent !== doc.head) parent.insertBefore(host, script.nextSibling);
      else (doc.body || doc.documentElement).appendChild(host);
    } catch (e) {
      warn('cannot place the badge', e);
    }
  };
  if (doc.body || doc.readyState !== 'loading') place();
  else addListener(doc, 'DOMContentLoaded', place);
}

try {
  boot();
} catch (e) {
  // Whatever happens, the host page keeps running.
  warn('failed to start', e);
}
