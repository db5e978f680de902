import { AjvCompiler, type ValidatorCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

/** Bodies are JSON: closed, never coerced, never completed with defaults. */
const BODY_AJV_OPTIONS = { removeAdditional: false, coerceTypes: false, useDefaults: false } as const;

/**
 * Query strings, path parameters and headers are text by nature: `?limit=5` from a browser URL
 * is the integer 5 and `?mine=true` the boolean true, and a missing parameter takes its schema
 * default. Still closed (`removeAdditional: false`).
 */
const URL_AJV_OPTIONS = { removeAdditional: false, coerceTypes: true, useDefaults: true } as const;

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`: Fastify's own Ajv compiler,
 * twice — strict for `body`, coercing for `querystring`, `params` and `headers` (Ajv's
 * `coerceTypes` is an instance option, so one instance cannot do both).
 *
 * @example
 * ```ts
 * Fastify({ schemaController: { compilersFactory: { buildValidator: buildPartAwareValidator } } });
 * ```
 */
export const buildPartAwareValidator: ValidatorFactory = (externalSchemas) => {
  const factory = AjvCompiler();
  const body = factory(externalSchemas, { customOptions: { ...BODY_AJV_OPTIONS } });
  const url = factory(externalSchemas, { customOptions: { ...URL_AJV_OPTIONS } });
  const compile: ValidatorCompiler = (route) => (route.httpPart === 'body' ? body(route) : url(route));
  return compile;
};
