/**
 * The few schema builders TypeBox spells differently from the JSON Schemas Parley publishes:
 * a string enum as `{ type: 'string', enum }` (not `anyOf` of constants), a nullable string as
 * `type: ['string', 'null']`, an object open to any member. Same JSON, same derived type.
 */
import Type, { type TSchemaOptions } from 'typebox';

/** `{ type: 'string', enum: values }`, typed as the union of `values`. */
export function stringEnum<const T extends readonly string[]>(values: T, options: TSchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** `{ type: ['string', 'null'] }`, typed `string | null`. */
export function nullableString(options: TSchemaOptions = {}) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
}

/** An object with any members (claims, SDEs), typed `Record<string, unknown>`. */
export function openObject(options: TSchemaOptions = {}) {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, ...options });
}

/** An ISO 8601 UTC instant. */
export const isoDate = Type.String({ format: 'date-time', description: 'ISO 8601 UTC' });

/** A nullable ISO 8601 UTC instant. */
export const nullableIsoDate = nullableString({ format: 'date-time' });
