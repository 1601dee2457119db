// The renderer's view of the client snapshot (ipc-contract statusViewSchema).
import type { StatusView } from '../common/ipc-contract.js';
import { anyReasonSchema } from '../common/protocol.js';
import type { ClientSnapshot } from './ports.js';

export function snapshotToStatusView(s: ClientSnapshot | null): StatusView {
  const reason = anyReasonSchema.safeParse(s?.status?.reason);
  return {
    connection: s?.connection ?? 'signedOut',
    signedIn: s !== null && s.connection !== 'signedOut',
    agent: s?.agent ?? null,
    status: s?.status?.status ?? null,
    effective: s?.status?.effective ?? null,
    version: s?.status?.version ?? null,
    reason: reason.success ? reason.data : null,
    website: s?.chatBox?.website ?? null,
    groups: s?.chatBox?.groups ?? {},
    lastError: s?.lastError?.message ?? null,
  };
}
