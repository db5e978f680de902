import { CLIENT_FRAME_SCHEMAS, type ClientFrame, type ClientFrameType } from '@parley/protocol';

type Schema = {
  type?: string;
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

function fits(value: unknown, schema: Schema): boolean {
  if ('const' in schema) return value === schema.const;
  switch (schema.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        value.length >= (schema.minLength ?? 0) &&
        value.length <= (schema.maxLength ?? Infinity)
      );
    case 'integer':
      return (
        Number.isSafeInteger(value) &&
        (value as number) >= (schema.minimum ?? -Infinity) &&
        (value as number) <= (schema.maximum ?? Infinity)
      );
    default:
      return false;
  }
}

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; id?: string };

/**
 * Parses a client text frame and checks it against its {@link CLIENT_FRAME_SCHEMAS} entry (the
 * schemas use only `type`/`const`/`required`/`additionalProperties: false`/min/max, which this
 * interprets exactly). A frame whose `type` is not in `allowed` is invalid. On failure the
 * frame's `id` is returned when it is a usable string, to echo in the error.
 *
 * @example
 * ```ts
 * const parsed = parseClientFrame('{"type":"typing"}', ['typing']); // { ok: true, frame }
 * ```
 */
export function parseClientFrame(text: string, allowed: readonly ClientFrameType[]): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id.length <= 128 ? record.id : undefined;
  const failed: ParsedFrame = id === undefined ? { ok: false } : { ok: false, id };
  const type = record.type;
  if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) return failed;
  const schema = CLIENT_FRAME_SCHEMAS[type as ClientFrameType];
  const properties = schema.properties as Record<string, Schema>;
  for (const key of schema.required) if (!(key in record)) return failed;
  for (const [key, v] of Object.entries(record)) {
    const property = properties[key];
    if (property === undefined || !fits(v, property)) return failed;
  }
  return { ok: true, frame: value as ClientFrame };
}
