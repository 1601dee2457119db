import { describe, expect, it } from 'vitest';
import type { ClientSnapshot } from '../../src/main/ports.js';
import { TrayController } from '../../src/main/tray-controller.js';
import { createTranslator } from '../../src/common/i18n/translate.js';
import { buildTrayView, foreignChangeText, iconState, tooltip, trayText } from '../../src/main/tray-view.js';
import { FakeClient } from './main-fakes.js';

const base = new FakeClient().snapshot;
const snap = (p: Partial<ClientSnapshot> & { status?: ClientSnapshot['status'] }): ClientSnapshot => ({ ...base, ...p });
const closedBox = { website: { online: false, reason: 'outside_office_hours' as const, nextOpenAt: null }, groups: {} };
const noop = { setStatus: () => {}, setTimed: () => {}, openWindow: () => {}, toggleStartAtLogin: () => {}, quit: () => {} };

describe('SPEC 6 tray: icon per state', () => {
  it('online, away, offline, disconnected and online-but-visitors-see-offline', () => {
    expect(iconState(base)).toBe('online');
    expect(iconState(snap({ status: { ...base.status!, status: 'away' } }))).toBe('away');
    expect(iconState(snap({ status: { ...base.status!, status: 'offline' } }))).toBe('offline');
    expect(iconState(snap({ connection: 'reconnecting' }))).toBe('disconnected');
    expect(iconState(snap({ connection: 'connecting', status: null }))).toBe('disconnected');
    expect(iconState(snap({ chatBox: closedBox }))).toBe('online-hidden');
  });

  it('uses the agent\'s groups for what visitors see', () => {
    const s = snap({
      agent: { ...base.agent!, groupIds: ['g1'] },
      chatBox: { website: { online: true, reason: 'agents_online', nextOpenAt: null }, groups: { g1: { online: false, reason: 'outside_office_hours', nextOpenAt: null } } },
    });
    expect(iconState(s)).toBe('online-hidden');
  });
});

describe('SPEC 6 tray: tooltip and menu', () => {
  it('tooltip names the own status and what visitors see', () => {
    expect(tooltip(base)).toContain('You: Online');
    expect(tooltip(base)).toContain('Chat box: online for visitors');
    expect(tooltip(snap({ chatBox: closedBox }))).toContain('outside office hours');
    expect(tooltip(snap({ connection: 'signedOut', status: null }))).toContain('signed out');
  });

  it('menu: radio Online/Away/Offline, the timed choices (SPEC 11), chat box line, open, start at login, quit', () => {
    const v = buildTrayView(base, { startAtLogin: true }, noop);
    const labels = v.menu.filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(labels).toEqual(['Online', 'Away', 'Offline', 'Away for 15 minutes', 'Away for 1 hour', 'Offline until the next opening', 'Chat box: online for visitors', 'Open Agent Presence…', 'Start at login', 'Quit (go offline)']);
    expect(v.menu.filter((i) => i.type === 'radio' && i.checked).map((i) => i.id)).toEqual(['status-online']);
    expect(v.menu.find((i) => i.id === 'start-at-login')?.checked).toBe(true);
    expect(v.menu.find((i) => i.id === 'chat-box')?.enabled).toBe(false);
  });

  it('menu and icon are rebuilt synchronously inside the client callback', () => {
    const client = new FakeClient();
    const calls: string[] = [];
    const tray = {
      setIcon: (s: string) => calls.push(`icon:${s}`),
      setToolTip: () => calls.push('tooltip'),
      setContextMenu: () => calls.push('menu'),
      onClick: () => {},
      destroy: () => {},
    };
    const ctl = new TrayController(tray, noop, () => ({ startAtLogin: false }));
    ctl.attach(client);
    calls.length = 0;
    client.apply('away', 'manual', 'dev-phone', 'mobile');
    // No await: the callback itself updated the tray.
    expect(calls).toEqual(['icon:away', 'tooltip', 'menu']);
    expect(ctl.view?.menu.find((i) => i.checked && i.type === 'radio')?.id).toBe('status-away');
  });
});

describe('SPEC 6 tray hygiene: set only what changed', () => {
  it('a snapshot that changes nothing shown sets nothing; a downloaded update adds one menu line', () => {
    const client = new FakeClient();
    const calls: string[] = [];
    const tray = { setIcon: () => calls.push('icon'), setToolTip: () => calls.push('tooltip'), setContextMenu: () => calls.push('menu'), onClick: () => {}, destroy: () => {} };
    let update: string | null = null;
    const ctl = new TrayController(tray, noop, () => ({ startAtLogin: false, updateReady: update }));
    ctl.attach(client);
    calls.length = 0;
    client.emit({ lastError: null });
    expect(calls).toEqual([]);
    update = '2.1.0';
    ctl.render();
    expect(calls).toEqual(['menu']);
    expect(ctl.view?.menu.find((i) => i.id === 'update')).toMatchObject({ label: 'Update 2.1.0 installs when you quit', enabled: false });
  });
});

describe('SPEC 12 tray languages: menu, tooltip and notifications follow the setting, else the OS', () => {
  it('builds the menu and the tooltip in Czech and German', () => {
    const cs = trayText(createTranslator('cs'));
    const v = buildTrayView(base, { startAtLogin: false, text: cs }, noop);
    expect(v.menu.filter((i) => i.type !== 'separator').map((i) => i.label))
      .toEqual(['Online', 'Pryč', 'Offline', 'Pryč na 15 minut', 'Pryč na 1 hodinu', 'Offline do dalšího otevření', 'Chat: online pro návštěvníky', 'Otevřít Agent Presence…', 'Spustit po přihlášení', 'Ukončit (přejít do offline)']);
    expect(tooltip(snap({ connection: 'reconnecting' }), trayText(createTranslator('de')))).toBe('Agent Presence\nSie: Online (verbinde erneut…)\nChat: online für Besucher');
    const opens = { website: { online: false, reason: 'outside_office_hours' as const, nextOpenAt: '2026-12-07T08:00:00.000Z' }, groups: {} };
    expect(tooltip(snap({ chatBox: opens }), trayText(createTranslator('fr')))).toMatch(/Chat : hors ligne \(en dehors des horaires, ouvre lun\. \d\d:\d\d\)/);
  });

  it('says who changed the status in the notification, in the chosen language', () => {
    const es = trayText(createTranslator('es'));
    expect(foreignChangeText('away', { kind: 'server' }, 'admin', es)).toEqual({ title: 'Agent Presence', body: 'Un administrador cambió tu estado a Ausente.' });
    expect(foreignChangeText('offline', { kind: 'web' }, 'manual', trayText(createTranslator('de'))).body).toBe('Ihr Status wurde von Ihrem Gerät (Web-Dashboard) auf Offline gesetzt.');
  });

  it('"system" follows the OS languages; an explicit setting wins over them', () => {
    expect(trayText(createTranslator('system', ['de-AT', 'en-US'])).quit).toBe('Beenden (offline gehen)');
    expect(trayText(createTranslator('es', ['de-AT'])).quit).toBe('Salir (desconectarme)');
    expect(trayText(createTranslator('system', ['ja-JP'])).quit).toBe('Quit (go offline)');
  });
});

describe('SPEC 11 tray: timed statuses and time off', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const calls: string[] = [];
  const actions = { ...noop, setTimed: (status: string, until: string) => { calls.push(`${status} until ${until}`); } };
  const closed = { website: { online: false, reason: 'outside_office_hours' as const, nextOpenAt: '2026-12-03T09:00:00.000+01:00' }, groups: {} };

  it('Away for 15 minutes / 1 hour set away until then; Offline until the next opening uses the chat box\'s nextOpenAt', () => {
    calls.length = 0;
    const open = buildTrayView(base, { startAtLogin: false, now: () => now }, actions);
    open.menu.find((i) => i.id === 'away-15')!.click!();
    open.menu.find((i) => i.id === 'away-60')!.click!();
    expect(calls).toEqual(['away until 2026-12-02T12:15:00.000Z', 'away until 2026-12-02T13:00:00.000Z']);
    // While open the next opening is not known from the chat box status: the choice is disabled.
    expect(open.menu.find((i) => i.id === 'offline-until-open')?.enabled).toBe(false);
    const after = buildTrayView(snap({ chatBox: closed }), { startAtLogin: false, now: () => now }, actions);
    expect(after.menu.find((i) => i.id === 'offline-until-open')?.enabled).toBe(true);
    after.menu.find((i) => i.id === 'offline-until-open')!.click!();
    expect(calls.at(-1)).toBe('offline until 2026-12-03T08:00:00.000Z');
  });

  it('the tooltip says "Away until 13:30" and "On leave until …", in the tray\'s language', () => {
    const until = '2026-12-02T13:30:00.000Z';
    const away = snap({ status: { ...base.status!, status: 'away', until } });
    const en = trayText(createTranslator('en'));
    expect(tooltip(away, en)).toContain(`You: Away until ${en.when(until)}`);
    expect(en.when(until)).toMatch(/\d\d:\d\d/);
    const leave = snap({ status: { ...base.status!, status: 'offline', leaveUntil: '2026-12-31' } });
    expect(tooltip(leave, en)).toContain('On leave until Dec 31');
    expect(tooltip(leave, trayText(createTranslator('cs')))).toContain('Na dovolené do 31. 12.');
  });
});
