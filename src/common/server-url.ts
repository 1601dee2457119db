// Which server URLs the desktop app accepts (SPEC 6). The settings window's origin is the secure
// `app://renderer`, and a bearer token must never cross the network in clear text, so plain http
// is only for this computer's loopback addresses; every other server needs https.
import { z } from 'zod';

export const INSECURE_SERVER_MESSAGE =
  'Use an https:// address for a server on another computer: plain http:// is only allowed for this computer (localhost, 127.0.0.1, ::1).';

/** True for localhost names and the loopback ranges 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Null when the URL may be used as the app's server, else the sentence to show. */
export function serverUrlProblem(url: string): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return 'Enter a full server address, for example https://presence.example.com.'; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'The server address must start with https://.';
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return INSECURE_SERVER_MESSAGE;
  if (u.username || u.password) return 'Leave the user name and password out of the server address; sign in below instead.';
  return null;
}

/** The one schema for a server URL, used by the settings and by the sign-in IPC call. */
export const serverUrlSchema = z.url({ protocol: /^https?$/ }).superRefine((url, ctx) => {
  const problem = serverUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
