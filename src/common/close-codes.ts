// WebSocket close codes of SPEC 4.1 / 4.2, apart from the schemas so the widget (which carries no
// zod) uses the same names.
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /** Reported locally when a close frame carried no code (never sent). */
  noStatus: 1005,
  /** Reported locally when the connection dropped without a close frame (never sent). */
  abnormal: 1006,
  tooBig: 1009,
  internalError: 1011,
  /** Sent by a client that gave up on a silent server where it cannot drop the TCP connection (browsers). */
  clientGaveUp: 4000,
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  helloTimeout: 4408,
  replaced: 4409,
  rateLimited: 4429,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
