import type { JsonSchema, Reference } from './types.ts';

// Keywords whose values are schemas (single, array of, or map of). Everything else is data (examples,
// enum, const, default…) and is copied verbatim, never turned into a $ref.
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else']);
const SCHEMA_ARRAY_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyData(value[key]);
  return out;
}

/**
 * Copies a TypeBox schema into plain JSON Schema: only enumerable string keys survive, so TypeBox's
 * hidden `~kind` / `~optional` markers (and any symbol keys) are dropped. `replace` may substitute any
 * nested sub-schema (not the root) with another value, e.g. a `$ref`.
 */
export function toJsonSchema(
  schema: object,
  replace?: (sub: Record<string, unknown>) => Reference | undefined,
): JsonSchema {
  const visit = (node: unknown, isRoot: boolean): unknown => {
    if (!isRecord(node)) return copyData(node);
    if (!isRoot && replace) {
      const ref = replace(node);
      if (ref) return ref;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (key.startsWith('~')) continue;
      const value = node[key];
      if (SCHEMA_KEYWORDS.has(key) && isRecord(value)) out[key] = visit(value, false);
      else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value))
        out[key] = value.map((v) => visit(v, false));
      else if (SCHEMA_MAP_KEYWORDS.has(key) && isRecord(value)) {
        const map: Record<string, unknown> = {};
        for (const name of Object.keys(value)) map[name] = visit(value[name], false);
        out[key] = map;
      } else out[key] = copyData(value);
    }
    return out;
  };
  return visit(schema, true) as JsonSchema;
}

/** Emits schemas for `components.schemas`, replacing nested copies of named schemas with `$ref`s. */
export interface SchemaEmitter {
  /** `components.schemas`: every named schema, with nested named schemas referenced. */
  readonly components: Record<string, JsonSchema>;
  /** A `$ref` to `schema` when it is (structurally) a named component, else the emitted schema inline. */
  emit(schema: object): JsonSchema | Reference;
}

/** Builds a {@link SchemaEmitter} over named schemas (first name wins when two are structurally equal). */
export function createSchemaEmitter(named: Readonly<Record<string, object>>): SchemaEmitter {
  const byShape = new Map<string, string>();
  for (const [name, schema] of Object.entries(named)) {
    const shape = JSON.stringify(schema);
    if (!byShape.has(shape)) byShape.set(shape, name);
  }
  const refTo = (name: string): Reference => ({ $ref: `#/components/schemas/${name}` });
  const replace = (sub: Record<string, unknown>): Reference | undefined => {
    const name = byShape.get(JSON.stringify(sub));
    return name === undefined ? undefined : refTo(name);
  };
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(named)) components[name] = toJsonSchema(schema, replace);
  return {
    components,
    emit(schema) {
      return replace(schema as Record<string, unknown>) ?? toJsonSchema(schema, replace);
    },
  };
}
