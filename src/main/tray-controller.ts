// Keeps the tray in step with the client: subscribes once and rebuilds icon, tooltip and menu
// synchronously inside the subscribe callback, so a change from any device shows within one turn.
import { INITIAL_SNAPSHOT } from '../client/snapshot-store.js';
import type { AgentClientPort, ClientSnapshot, TrayPort } from './ports.js';
import { buildTrayView, type TrayActions, type TrayView } from './tray-view.js';

export class TrayController {
  private unsubscribe: (() => void) | null = null;
  private last: TrayView | null = null;
  private snapshot: ClientSnapshot = INITIAL_SNAPSHOT;

  constructor(
    private readonly tray: TrayPort,
    private readonly actions: TrayActions,
    private readonly getStartAtLogin: () => boolean,
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

  /** Settings that show in the menu (start at login) changed. */
  render(): void {
    const view = buildTrayView(this.snapshot, { startAtLogin: this.getStartAtLogin() }, this.actions);
    const prev = this.last;
    if (!prev || prev.icon !== view.icon) this.tray.setIcon(view.icon);
    if (!prev || prev.tooltip !== view.tooltip) this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(view.menu);
    this.last = view;
  }

  get view(): TrayView | null { return this.last; }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
