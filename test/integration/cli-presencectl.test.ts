import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-here.js';
import { startTestServer, widgetSocket, type TestAgent, type TestServer } from '../helpers/server.js';

const ENTRY = pathToFileURL(resolve('src/cli/presencectl.ts')).href;
const RUNNER = `import(${JSON.stringify(ENTRY)}).then((m) => m.main(process.argv.slice(1)))`;

interface Run { code: number | null; stdout: string; stderr: string }

function start(args: string[], config: string, input?: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', RUNNER, '--', ...args], {
    // English whatever the developer's locale: the tests below read the human output.
    env: { ...process.env, PRESENCECTL_CONFIG: config, PRESENCECTL_LANG: 'en' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end(input ?? '');
  return child;
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => { stdout += b; });
  child.stderr!.on('data', (b) => { stderr += b; });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const run = (args: string[], config: string, input?: string): Promise<Run> => collect(start(args, config, input));
const runHere = runCliHere;


async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let server: TestServer;
let agent: TestAgent;
let config: string;
beforeAll(async () => {
  server = await startTestServer({ graceMs: 60_000, heartbeatMs: 2_000 });
  agent = await server.createAgent({ name: 'Cli Agent' });
  config = join(mkdtempSync(join(tmpdir(), 'presencectl-')), 'cli.json');
});
afterAll(async () => { await server?.close(); });

// Each command is a fresh Node process compiling TypeScript through tsx: slow on a busy machine.
describe('SPEC 5: presencectl end to end in a child process', { timeout: 120_000 }, () => {
  it('login: a wrong password exits 3, the right one stores server, token and deviceId with mode 0600', async () => {
    const bad = await run(['login', '--server', server.url, '--email', agent.email], config, 'wrong-password\n');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/Sign-in refused/);
    const ok = await run(['login', '--server', server.url, '--email', agent.email], config, `${agent.password}\n`);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Signed in as Cli Agent');
    const saved = JSON.parse(readFileSync(config, 'utf8')) as Record<string, string>;
    expect(saved).toMatchObject({ server: server.url, email: agent.email, token: expect.any(String), deviceId: expect.stringMatching(/^[\w-]{22}$/) });
    expect(statSync(config).mode & 0o777).toBe(0o600);
  });

  it('status sets and shows the intent; `widget` and `presence` show what visitors see', async () => {
    // No device of this agent is connected, so visitors still see offline (SPEC 2.1); `watch` below connects one.
    const set = await run(['status', 'online'], config);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/Cli Agent .* offline \(intent online\)/);
    // Issue 24: say what "offline (intent online)" means and what to do about it.
    expect(set.stdout).toContain('You chose online, but visitors see you offline: no device of yours is connected.');
    expect(set.stdout).toMatch(/presencectl watch.*desktop app.*dashboard tab/);
    const shown = await runHere(['status', '--json'], config);
    // Code and stderr first: a failed command must say why, not end in "Unexpected end of JSON input".
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(shown.stdout)).toMatchObject({ intent: 'online', email: agent.email });
    const pub = await runHere(['widget', server.siteKey, '--json'], config);
    expect(pub).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(pub.stdout)).toMatchObject({ type: 'chatBox.status', site: server.siteKey });
    expect((await runHere(['widget', 'no-such-site'], config)).code).toBe(6);
    // A site key from an older server may start with "-"; after `--` it is a key, not an option.
    const dashed = await runHere(['widget', '--json', '--', '-no-such-site'], config);
    expect(dashed.code).toBe(6);
    expect(dashed.stderr).toMatch(/not_found/);
    const unquoted = await runHere(['widget', '-no-such-site'], config);
    expect(unquoted.code).toBe(2);
    expect(unquoted.stderr).toContain("after '--'");
    const group = await server.createGroup('Night shift');
    const human = await runHere(['presence'], config);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Website: offline (no agents online)');
    // Issue 24: groups by name, the id only in parentheses (what `widget --group` takes).
    expect(human.stdout).toContain(`Group Night shift (${group.id}): offline (no agents online)`);
    const json = await runHere(['presence', '--json'], config);
    expect(JSON.parse(json.stdout).groups[group.id]).toMatchObject({ online: false });
  });

  it('SPEC 12: human output follows the locale variables (PRESENCECTL_LANG first); --json does not', async () => {
    const cs = { LANG: 'cs_CZ.UTF-8' };
    const status = await runHere(['status'], config, '', cs);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(status.stdout).toMatch(/Cli Agent .* offline \(zvoleno online\) {2}0 zařízení/);
    expect(status.stdout).toContain('Připojte zařízení: spusťte `presencectl watch`');
    const presence = await runHere(['presence'], config, '', cs);
    expect(presence.stdout).toContain('Operátoři:');
    expect(presence.stdout).toMatch(/Web: offline \(žádný operátor online\)/);
    const de = await runHere(['presence'], config, '', { ...cs, PRESENCECTL_LANG: 'de' });
    expect(de.stdout).toMatch(/Website: offline \(keine Agenten online\)/);
    const help = await runHere(['--help'], config, '', { LC_ALL: 'fr_FR.UTF-8' });
    expect(help.stdout).toContain('Codes de sortie :');
    const usage = await runHere(['frobnicate'], config, '', { LANGUAGE: 'es', LANG: 'es_ES.UTF-8' });
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.stderr).toContain('orden desconocida: frobnicate');
    const json = await runHere(['status', '--json'], config, '', cs);
    expect(JSON.parse(json.stdout)).toMatchObject({ intent: 'online', status: 'offline' });
  });

  it('watch stays connected, and SIGINT turns the widget offline through the quit path, exit 0', async () => {
    await runHere(['status', 'online'], config);
    const child = start(['watch'], config);
    const result = collect(child);
    let out = '';
    child.stdout!.on('data', (b) => { out += b; });
    for (let i = 0; i < 300 && !out.includes('connection: connected'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('connection: connected');
    const widget = await widgetSocket(server);
    expect(widget.messages.at(-1)?.online).toBe(true);
    const t0 = performance.now();
    child.kill('SIGINT');
    await widget.next((m) => !m.online, 3_000);
    const widgetMs = performance.now() - t0;
    const r = await result;
    console.info(`[cli] watch + SIGINT: widget offline after ${widgetMs.toFixed(0)} ms, process exited after ${(performance.now() - t0).toFixed(0)} ms`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Offline (sent via socket)');
    widget.close();
  });

  it('exit codes: usage 2, unreachable server 4, revoked token 5', async () => {
    expect((await runHere(['frobnicate'], config)).code).toBe(2);
    expect((await runHere(['status', 'busy'], config)).code).toBe(2);
    expect((await runHere(['status', '--bogus'], config)).code).toBe(2);
    const help = await runHere(['--help'], config);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const down = await runHere(['status', '--server', `http://127.0.0.1:${await closedPort()}`], config);
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/Cannot reach/);
    const { token } = JSON.parse(readFileSync(config, 'utf8')) as { token: string };
    expect((await server.api('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    // The revoked token in a child process, as a user would meet it.
    const revoked = await run(['status'], config);
    expect(revoked.code).toBe(5);
    expect(revoked.stderr).toMatch(/presencectl login/);
  });
});
