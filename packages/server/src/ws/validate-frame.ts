import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { CLIENT_FRAME_SCHEMAS, type ClientFrame, type ClientFrameType } from '@parley/protocol';

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; id?: string };

/** Longest `id` echoed in the error reply to an invalid frame (the schemas' own `id` limit). */
const MAX_ECHOED_ID = 128;

/**
 * One Ajv for frames: never coerces, completes or strips (a frame is checked as sent), and
 * counts string lengths in UTF-16 code units as the protocol states them (`unicode: false`,
 * which Ajv still honours but announces as deprecated on every start: hence no logger; strict
 * mode still throws on a schema it cannot read).
 */
function frameAjv(): Ajv {
  return new Ajv({
    unicode: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    logger: false,
  });
}

/**
 * Compiles a parser for the frame schemas keyed by `type` (each validator compiled once). The
 * parser reads a text frame as JSON, refuses a `type` that is not in `allowed`, and checks the
 * frame against its schema with Ajv (all of JSON Schema: `enum`, booleans, nesting...). On
 * failure the frame's `id` is returned when it is a usable string, to echo in the error.
 *
 * @example
 * ```ts
 * const parse = createFrameParser({ ping: { type: 'object', properties: { type: { const: 'ping' } } } });
 * parse('{"type":"ping"}', ['ping']); // { ok: true, frame: { type: 'ping' } }
 * ```
 */
export function createFrameParser<T extends string>(schemas: Record<T, AnySchema>) {
  const ajv = frameAjv();
  const validators = new Map<string, ValidateFunction>();
  for (const [type, schema] of Object.entries<AnySchema>(schemas)) validators.set(type, ajv.compile(schema));
  return (text: string, allowed: readonly T[]): ParsedFrame => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
    const record = value as Record<string, unknown>;
    const id = typeof record.id === 'string' && record.id.length <= MAX_ECHOED_ID ? record.id : undefined;
    const failed: ParsedFrame = id === undefined ? { ok: false } : { ok: false, id };
    const type = record.type;
    if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) return failed;
    const validate = validators.get(type);
    if (validate === undefined || !validate(value)) return failed;
    return { ok: true, frame: value as ClientFrame };
  };
}

/**
 * Parses a client text frame and checks it against its {@link CLIENT_FRAME_SCHEMAS} entry; a
 * frame whose `type` is not in `allowed` is invalid.
 *
 * @example
 * ```ts
 * const parsed = parseClientFrame('{"type":"typing"}', ['typing']); // { ok: true, frame }
 * ```
 */
export const parseClientFrame: (text: string, allowed: readonly ClientFrameType[]) => ParsedFrame =
  createFrameParser<ClientFrameType>(CLIENT_FRAME_SCHEMAS);
