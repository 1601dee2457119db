// The PresenceBus carries changes between nodes: a node that commits an intent or a configuration
// write publishes it; every node's hub applies events from other nodes to its in-memory state.
// In-process on a single node (where the publisher is the only hub, so nothing needs applying);
// Redis pub/sub in cluster mode.
export type BusEvent =
  | { type: 'intent'; nodeId: string; accountId: string; agentId: string; version: number }
  | { type: 'config'; nodeId: string; accountId: string; what: 'groups' | 'officeHours' | 'agent' | 'account' }
  | { type: 'devices'; nodeId: string; accountId: string; agentId: string };

export interface PresenceBus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements PresenceBus {
  private readonly handlers = new Set<(event: BusEvent) => void>();

  async publish(event: BusEvent): Promise<void> {
    for (const handler of this.handlers) handler(event);
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
