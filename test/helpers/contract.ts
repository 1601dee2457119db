// Contract checking (issue 21): every response the integration suites get through callApi is
// validated against the schema the server's own OpenAPI document gives for that route and status.
// A mismatch throws, so the document cannot drift from what the server sends.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Operation { template: string; params: number; match: RegExp; responses: Json }

export class ContractChecker {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  private readonly ops = new Map<string, Operation[]>();
  private readonly compiled = new Map<Json, ValidateFunction>();
  private readonly errorSchema: Json;

  constructor(readonly doc: Json) {
    this.errorSchema = doc.components?.schemas?.Error;
    if (!this.errorSchema) throw new Error('the OpenAPI document has no components.schemas.Error');
    for (const [template, item] of Object.entries<Json>(doc.paths ?? {})) {
      const params = (template.match(/\{[^}]+\}/g) ?? []).length;
      const match = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries<Json>(item)) {
        const list = this.ops.get(method.toUpperCase()) ?? [];
        list.push({ template, params, match, responses: op.responses ?? {} });
        this.ops.set(method.toUpperCase(), list);
      }
    }
    // A literal path wins over a template that also matches (/agents/me/status before /agents/{id}/status).
    for (const list of this.ops.values()) list.sort((a, b) => a.params - b.params);
  }

  /** The documented operation for a request, or null when the document has none. */
  operation(method: string, path: string): Operation | null {
    const pathname = path.split('?')[0]!;
    return this.ops.get(method.toUpperCase())?.find((o) => o.match.test(pathname)) ?? null;
  }

  /** Throws with what is wrong when the response does not match the document. */
  check(method: string, path: string, res: { status: number; contentType: string; text: string }): void {
    const where = `${method} ${path} → ${res.status}`;
    const op = this.operation(method, path);
    if (!op) {
      // Outside the API (dashboard, widget.js) nothing is documented; inside it, only errors may be undocumented.
      if (!path.startsWith('/api/')) return;
      if (res.status < 400) throw new Error(`contract: ${where}: the route is not in /api/v1/openapi.json; describe it with route() (docs/api.md)`);
      this.validate(this.errorSchema, res, where);
      return;
    }
    const response = this.deref(op.responses[String(res.status)] ?? op.responses.default);
    if (!response) throw new Error(`contract: ${where}: status ${res.status} is not documented for ${method} ${op.template} (documented: ${Object.keys(op.responses).join(', ')})`);
    const content = response.content as Json | undefined;
    if (!content) {
      if (res.text !== '') throw new Error(`contract: ${where}: documented without a body, got ${res.text.slice(0, 200)}`);
      return;
    }
    const json = content['application/json'];
    if (!json) return; // a text body (Prometheus metrics): nothing to validate
    // A documented text form of a JSON body (the reports' CSV): nothing to validate either.
    const type = res.contentType.split(';')[0]!.trim();
    if (type !== 'application/json' && content[type]) return;
    if (!/^application\/json\b/.test(res.contentType)) throw new Error(`contract: ${where}: documented as JSON, got content-type ${res.contentType}`);
    const schema = this.deref(json.schema);
    if (!schema) throw new Error(`contract: ${where}: the document's schema reference does not resolve`);
    this.validate(schema, res, where);
  }

  private validate(schema: Json, res: { text: string }, where: string): void {
    let body: unknown;
    try { body = JSON.parse(res.text); } catch { throw new Error(`contract: ${where}: body is not JSON: ${res.text.slice(0, 200)}`); }
    let validate = this.compiled.get(schema);
    if (!validate) this.compiled.set(schema, (validate = this.ajv.compile(schema)));
    if (!validate(body)) {
      throw new Error(`contract: ${where}: body does not match the documented schema: ${this.ajv.errorsText(validate.errors)}\nbody: ${res.text.slice(0, 500)}`);
    }
  }

  /** Follows local `$ref`s (`#/components/...`). */
  private deref(node: Json | undefined): Json | undefined {
    let n = node;
    while (n && typeof n.$ref === 'string') {
      n = (n.$ref as string).replace(/^#\//, '').split('/').reduce<Json | undefined>((acc, key) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
    }
    return n;
  }
}

const checkers = new Map<string, Promise<ContractChecker | null>>();

/**
 * The checker for the server at `baseUrl`, from the document that server serves (fetched once per
 * base URL, before the first call, while the server is surely up). Null only when the server could
 * not be reached at all; the call itself then fails on its own.
 */
export function contractFor(baseUrl: string): Promise<ContractChecker | null> {
  let p = checkers.get(baseUrl);
  if (!p) {
    p = (async () => {
      let res: Response;
      try { res = await fetch(`${baseUrl}/api/v1/openapi.json`); } catch { checkers.delete(baseUrl); return null; }
      if (res.status !== 200) throw new Error(`contract: GET ${baseUrl}/api/v1/openapi.json answered ${res.status}`);
      return new ContractChecker(await res.json() as Json);
    })();
    checkers.set(baseUrl, p);
  }
  return p;
}
