// Keeps the tray in step with the client: subscribes once and renders icon, tooltip and menu
// synchronously inside the subscribe callback, so a change from any device shows within one turn.
// Like Signal Desktop's SystemTrayService, each part is set only when it changed: replacing the
// context menu closes it if it is open (electron/electron#4801, #10951), so a heartbeat-driven
// snapshot that changes nothing the menu shows must not touch the menu.
import { INITIAL_SNAPSHOT } from '../client/snapshot-store.js';
import type { AgentClientPort, ClientSnapshot, TrayPort } from './ports.js';
import { buildTrayView, menuKey, type TrayActions, type TrayOptions, type TrayView } from './tray-view.js';

export class TrayController {
  private unsubscribe: (() => void) | null = null;
  private last: TrayView | null = null;
  private lastMenuKey = '';
  private snapshot: ClientSnapshot = INITIAL_SNAPSHOT;

  constructor(
    private readonly tray: TrayPort,
    private readonly actions: TrayActions,
    private readonly getOptions: () => TrayOptions,
  ) {
    tray.onClick(() => actions.openWindow());
    this.render();
  }

  /** Follows a (new) client; the previous subscription is dropped. */
  attach(client: AgentClientPort | null): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (!client) {
      this.update(INITIAL_SNAPSHOT);
      return;
    }
    this.unsubscribe = client.subscribe((s) => this.update(s));
    this.update(client.getSnapshot());
  }

  update(s: ClientSnapshot): void {
    this.snapshot = s;
    this.render();
  }

  /** Also called when settings that show in the menu (start at login) or an update changed. */
  render(): void {
    const view = buildTrayView(this.snapshot, this.getOptions(), this.actions);
    const prev = this.last;
    if (!prev || prev.icon !== view.icon) this.tray.setIcon(view.icon);
    if (!prev || prev.tooltip !== view.tooltip) this.tray.setToolTip(view.tooltip);
    const key = menuKey(view.menu);
    if (key !== this.lastMenuKey) {
      this.tray.setContextMenu(view.menu);
      this.lastMenuKey = key;
    }
    this.last = view;
  }

  get view(): TrayView | null { return this.last; }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
