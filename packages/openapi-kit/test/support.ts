import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { Router } from 'express';
import type { Response } from 'supertest';
import type { oas31 } from 'zod-openapi';

/** A method and a path in OpenAPI's form (`/v1/comments/{id}`). */
export interface Operation {
  method: string;
  path: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What the OpenAPI 3.1 schema (and $ref resolution) says of the document; throws naming every problem. */
export async function expectValidOpenApi(document: object): Promise<void> {
  const validator = new Validator();
  // A copy: resolveRefs() below replaces the $refs of the object it was given.
  const result = await validator.validate(structuredClone(document) as Record<string, unknown>);
  expect(result.errors, 'OpenAPI schema errors').to.equal(undefined);
  expect(result.valid).to.equal(true);
  expect(validator.version).to.equal('3.1');
  validator.resolveRefs(); // throws on a $ref to nothing
}

export function documentedOperations(document: oas31.OpenAPIObject): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({ method, path })),
  );
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/**
 * Every method and path an Express app (or router) routes, read from its router stack: routers mounted under a path
 * are followed; a route whose path is not a plain string fails, as it could not be compared with the document.
 */
export function servedOperations(app: { router: unknown } | Router): Operation[] {
  const stack = ('stack' in app ? app.stack : (app.router as { stack: Layer[] }).stack) as Layer[];
  return walk(stack, '');
}

function walk(stack: Layer[], prefix: string): Operation[] {
  return stack.flatMap((layer): Operation[] => {
    if (layer.route) {
      const { path, methods } = layer.route;
      if (typeof path !== 'string') throw new Error(`a route with a path that is not a string: ${String(path)}`);
      return Object.keys(methods).filter((method) => methods[method]).map((method) => ({ method, path: openApiPath(prefix + path) }));
    }
    if (!layer.handle.stack) return [];
    if (typeof layer.rawPath !== 'string') throw new Error('a router mounted under a path that is not a string');
    return walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
  });
}

/** Express's `/v1/comments/:id` as OpenAPI's `/v1/comments/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export const byPath = (a: Operation, b: Operation): number => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);

/** A JSON pointer (RFC 6901) into the document. */
const pointer = (...parts: string[]): string => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * Checks real answers against the document: the status must be documented for the operation, the content type too,
 * the body must match the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 reads it), and every required
 * documented header must be present.
 */
export class ResponseChecker {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Operations whose answers were checked, to tell which documented ones a suite never exercised. */
  readonly checked = new Set<string>();

  constructor(private readonly document: oas31.OpenAPIObject) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    // The whole document as one schema resource, so its $refs (#/components/schemas/…) resolve within it.
    this.ajv.addSchema({ ...document, $id: 'openapi' });
  }

  /** `path` in the document's form (`/v1/comments/{id}`). */
  check(method: string, path: string, res: Response): void {
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    const operation = (this.document.paths?.[path] as Record<string, oas31.OperationObject> | undefined)?.[method];
    expect(operation, `${method.toUpperCase()} ${path} is not documented`).to.not.equal(undefined);
    const response = operation!.responses?.[String(res.status)] as oas31.ResponseObject | undefined;
    expect(response, `${where}: status not documented; body ${res.text.slice(0, 300)}`).to.not.equal(undefined);
    this.checked.add(`${method} ${path}`);
    this.checkHeaders(where, response!, res);
    if (!response!.content) {
      expect(res.text ?? '', `${where}: documented without a body`).to.equal('');
      return;
    }
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    expect(Object.keys(response!.content), `${where}: content type`).to.include(mediaType);
    const validate = this.validator(pointer('paths', path, method, 'responses', String(res.status), 'content', mediaType, 'schema'));
    const body = mediaType.endsWith('json') ? res.body : res.text;
    if (!validate(body)) expect.fail(`${where}: the answer breaks the documented schema: ${schemaErrors(validate)}\n${JSON.stringify(body).slice(0, 600)}`);
  }

  /** Whether the documented JSON request body of an operation admits `body`. */
  admitsRequestBody(method: string, path: string, body: unknown): boolean {
    return this.validator(pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema'))(body);
  }

  /** A webhook's request body against its documented schema. */
  checkWebhookBody(name: string, body: unknown): void {
    const validate = this.validator(pointer('webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema'));
    if (!validate(body)) expect.fail(`webhook ${name}: the payload breaks the documented schema: ${schemaErrors(validate)}`);
  }

  private checkHeaders(where: string, response: oas31.ResponseObject, res: Response): void {
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if ((header as oas31.HeaderObject).required) expect(res.headers[name.toLowerCase()], `${where}: header ${name}`).to.be.a('string');
    }
  }

  private validator(path: string): ValidateFunction {
    let validate = this.compiled.get(path);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#/${path}` });
      this.compiled.set(path, validate);
    }
    return validate;
  }
}

/** Each distinct error once, naming the undocumented property where there is one. */
function schemaErrors(validate: ValidateFunction): string {
  const lines = (validate.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${error.instancePath || '(root)'} ${error.message}${extra ? `: ${extra}` : ''}`;
  });
  return [...new Set(lines)].slice(0, 20).join('; ');
}
