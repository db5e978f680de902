import { z } from 'zod';
import { configSchema } from '@parley/core';

/** One documented configuration key. */
export interface ConfigRow {
  path: string;
  type: string;
  /** JSON of the default, or undefined when the key has none. */
  default?: string;
  required: boolean;
  /** Set for keys of one branch of a discriminated union, e.g. `driver: "sqlite"`. */
  only?: string;
}

interface JsonSchema {
  type?: string;
  format?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/**
 * Every key of `configSchema`, in schema order, read from its JSON Schema (zod 4
 * `z.toJSONSchema`, input side so defaults show): path, type, default, required.
 *
 * @example
 * ```ts
 * configRows().find((r) => r.path === 'server.port'); // { type: 'integer (0–65535)', default: '8080', ... }
 * ```
 */
export function configRows(): ConfigRow[] {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: ConfigRow[] = [];
  walkProperties(root, '', rows);
  return rows;
}

function walkProperties(schema: JsonSchema, prefix: string, rows: ConfigRow[], only?: string): void {
  const required = new Set(schema.required ?? []);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    walk(child, prefix === '' ? key : `${prefix}.${key}`, required.has(key), rows, only);
  }
}

function walk(schema: JsonSchema, path: string, required: boolean, rows: ConfigRow[], only?: string): void {
  const base = { path, required, ...(only ? { only } : {}), ...defaultOf(schema) };
  if (schema.oneOf) {
    walkUnion(schema.oneOf, base, rows);
    return;
  }
  rows.push({ ...base, type: typeOf(schema) });
  const objectBranch = strictObject(schema) ?? schema.anyOf?.map(strictObject).find(Boolean);
  if (objectBranch) walkProperties(objectBranch, path, rows, only);
  const item = schema.items && strictObject(schema.items);
  if (item) walkProperties(item, `${path}[]`, rows, only);
}

/** A discriminated union: one row for the discriminator (all its values), then each branch's keys. */
function walkUnion(branches: JsonSchema[], base: Omit<ConfigRow, 'type'>, rows: ConfigRow[]): void {
  const first = branches[0]?.properties ?? {};
  const discriminator = Object.keys(first).find((key) =>
    branches.every((b) => b.properties?.[key]?.const !== undefined),
  );
  if (!discriminator) throw new TypeError(`${base.path}: union without a discriminator`);
  rows.push({ ...base, type: 'object' });
  const values = branches.map((b) => JSON.stringify(b.properties?.[discriminator]?.const));
  rows.push({ path: `${base.path}.${discriminator}`, type: values.join(' | '), required: true });
  for (const branch of branches) {
    const value = JSON.stringify(branch.properties?.[discriminator]?.const);
    const rest = { ...branch, properties: { ...branch.properties } };
    delete rest.properties[discriminator];
    walkProperties(rest, base.path, rows, `${discriminator}: ${value}`);
  }
}

function strictObject(schema: JsonSchema): JsonSchema | undefined {
  return schema.type === 'object' && schema.additionalProperties === false ? schema : undefined;
}

function defaultOf(schema: JsonSchema): { default?: string } {
  if (schema.default === undefined) return {};
  const isEmptyObject =
    typeof schema.default === 'object' && schema.default !== null && Object.keys(schema.default).length === 0;
  if (isEmptyObject && !Array.isArray(schema.default)) return { default: '(all defaults)' };
  return { default: JSON.stringify(schema.default) };
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'array':
      return `array of ${itemType(schema.items)}${schema.minItems ? ` (at least ${schema.minItems})` : ''}`;
    case 'object':
      return strictObject(schema) ? 'object' : 'JWK object';
    case 'integer':
    case 'number':
      return `${schema.type}${range(schema)}`;
    case 'string':
      if (schema.format === 'uri') return 'URL';
      if (schema.format === 'email') return 'email';
      if (schema.pattern) return `string matching ${schema.pattern}`;
      return schema.minLength && schema.minLength > 1
        ? `string (at least ${schema.minLength} chars)`
        : 'string';
    default:
      return schema.type ?? 'any';
  }
}

function itemType(items: JsonSchema | undefined): string {
  const type = items ? typeOf(items) : 'any';
  return type.includes(' | ') ? `(${type})` : type;
}

function range(schema: JsonSchema): string {
  const min = schema.minimum ?? (schema.exclusiveMinimum === 0 ? 1 : undefined);
  const max =
    schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) return ` (${min}–${max})`;
  if (min !== undefined) return ` (≥ ${min})`;
  if (max !== undefined) return ` (≤ ${max})`;
  return '';
}
