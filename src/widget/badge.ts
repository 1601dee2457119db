import { formatOpensAt } from './format.js';
import { addListener, now } from './intrinsics.js';
import type { PublicStatus } from './status.js';

export interface BadgeOptions {
  position: string;
  theme: string;
  accent: string | null;
  onlineText: string;
  offlineText: string;
  opensText: string;
  locale: string | undefined;
  nonce: string;
  onClick(): void;
}

// Defaults live on :host so a page rule on the host element (`agent-presence-badge { --ap-bg: … }`)
// wins for normal declarations, while the `!important` display rules win over any page rule:
// for important declarations the shadow tree's context beats the outer one (CSS Cascade 4).
const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;bottom:var(--ap-offset,20px)!important;right:var(--ap-offset,20px)!important;--_bg:#fff;--_fg:#1f2328;--_bd:rgba(31,35,40,.15)}
:host([data-position=bottom-left]){right:auto!important;left:var(--ap-offset,20px)!important}
:host([data-position=inline]){position:static!important;display:inline-block!important}
:host([data-state=hidden]),:host([data-state=loading]){display:none!important}
:host([data-theme=dark]){--_bg:#1f2328;--_fg:#f0f3f6;--_bd:rgba(240,243,246,.2)}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){--_bg:#1f2328;--_fg:#f0f3f6;--_bd:rgba(240,243,246,.2)}}
button{all:initial;display:flex!important;align-items:center;gap:10px;box-sizing:border-box;max-width:var(--ap-max-width,320px);padding:var(--ap-padding,10px 16px);cursor:pointer;font:var(--ap-font-size,14px)/1.35 var(--ap-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--ap-fg,var(--_fg));background:var(--ap-bg,var(--_bg));border:1px solid var(--ap-border,var(--_bd));border-radius:var(--ap-radius,22px);box-shadow:var(--ap-shadow,0 4px 14px rgba(0,0,0,.14))}
button:focus-visible{outline:2px solid var(--ap-online,#1a7f37);outline-offset:2px}
.d{flex:none;width:10px;height:10px;border-radius:50%;background:var(--ap-offline,#8c959f)}
:host([data-state=online]) .d{background:var(--ap-online,#1a7f37);box-shadow:0 0 0 3px var(--ap-online-ring,rgba(26,127,55,.2))}
.t{display:block;font-weight:600}
.s{display:block;font-size:.86em;opacity:.75}
.s:empty{display:none}`;

export interface Badge {
  host: HTMLElement;
  render(s: PublicStatus | null, gone?: boolean): void;
}

export function createBadge(doc: Document, opts: BadgeOptions): Badge {
  const host = doc.createElement('agent-presence-badge');
  host.setAttribute('data-state', 'loading');
  host.setAttribute('data-position', opts.position);
  host.setAttribute('data-theme', opts.theme);
  // CSSOM writes are allowed under a strict CSP, unlike a style="" attribute.
  if (opts.accent) host.style.setProperty('--ap-online', opts.accent);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(doc, root, opts.nonce);

  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'badge');
  button.setAttribute('aria-live', 'polite');
  const dot = doc.createElement('span');
  dot.className = 'd';
  dot.setAttribute('part', 'dot');
  dot.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  const title = doc.createElement('span');
  title.className = 't';
  title.setAttribute('part', 'title');
  const sub = doc.createElement('span');
  sub.className = 's';
  sub.setAttribute('part', 'subtitle');
  text.appendChild(title);
  text.appendChild(sub);
  button.appendChild(dot);
  button.appendChild(text);
  root.appendChild(button);
  addListener(button, 'click', () => { try { opts.onClick(); } catch { /* host handler errors stay out of the page */ } });

  return {
    host,
    render(s, gone) {
      let state = 'loading';
      let t = '';
      let sub2 = '';
      if (gone) state = 'hidden';
      else if (s && s.online) {
        state = 'online';
        t = opts.onlineText;
      } else if (s && s.whenOffline === 'hide') state = 'hidden';
      else if (s) {
        state = 'offline';
        t = s.messages.offline || opts.offlineText;
        const when = s.nextOpenAt ? formatOpensAt(s.nextOpenAt, now(), opts.locale) : '';
        if (when) sub2 = opts.opensText + ' ' + when;
      }
      title.textContent = t;
      sub.textContent = sub2;
      host.setAttribute('data-state', state);
    },
  };
}

function adoptStyles(doc: Document, root: ShadowRoot, nonce: string): void {
  // A constructed stylesheet is not subject to the page's style-src CSP; the <style> fallback
  // (older Safari) carries the nonce of the widget's own <script> tag for strict-CSP pages.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    /* fall through */
  }
  const style = doc.createElement('style');
  if (nonce) style.setAttribute('nonce', nonce);
  style.textContent = CSS;
  root.appendChild(style);
}
