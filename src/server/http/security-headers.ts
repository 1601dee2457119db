// Security headers on every response. The CSP is the one the Electron window uses too
// (src/server/http/csp.ts), so the dashboard behaves the same in a browser and in the app.
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_CSP } from './csp.js';

export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    const path = request.url.split('?')[0] ?? '';
    if (path === '/widget.js' || path.startsWith('/api/v1/widget/')) {
      void reply.header('cross-origin-resource-policy', 'cross-origin');
    } else {
      void reply.header('x-frame-options', 'DENY');
      void reply.header('cross-origin-resource-policy', 'same-origin');
      if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', DASHBOARD_CSP);
    }
    return payload;
  });
}
