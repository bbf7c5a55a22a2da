import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { createSchemaEmitter, toJsonSchema } from './json-schema.ts';

const Inner = Type.Object({ a: Type.String() });
const Outer = Type.Object({
  inner: Type.Optional(Inner),
  list: Type.Array(Inner),
  either: Type.Union([Inner, Type.Null()]),
  bag: Type.Object({}, { additionalProperties: Inner }),
  data: Type.Unsafe<unknown>({ type: 'object', examples: [{ a: 'x' }], default: { a: 'y' } }),
});

describe('toJsonSchema', () => {
  it('drops TypeBox markers and keeps plain JSON Schema', () => {
    const plain = toJsonSchema(Outer);
    expect(Reflect.ownKeys(Outer)).toContain('~kind');
    expect(Reflect.ownKeys(plain)).not.toContain('~kind');
    expect(plain).toEqual(JSON.parse(JSON.stringify(Outer)));
  });

  it('copies, never aliases', () => {
    const plain = toJsonSchema(Outer) as { properties: { list: { items: object } } };
    expect(plain.properties.list.items).not.toBe(Inner);
  });

  it('skips keys marked with ~ even when enumerable', () => {
    expect(toJsonSchema({ type: 'string', '~hidden': 1 })).toEqual({ type: 'string' });
  });
});

describe('createSchemaEmitter', () => {
  const emitter = createSchemaEmitter({ Inner, Outer });

  it('references named schemas wherever they are nested, but never in data', () => {
    const ref = { $ref: '#/components/schemas/Inner' };
    expect(emitter.components['Outer']).toMatchObject({
      properties: {
        inner: ref,
        list: { items: ref },
        either: { anyOf: [ref, { type: 'null' }] },
        bag: { additionalProperties: ref },
        data: { examples: [{ a: 'x' }], default: { a: 'y' } },
      },
    });
    expect(emitter.components['Inner']).toEqual({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string' } },
    });
  });

  it('emits a $ref for a named schema and inline JSON Schema otherwise', () => {
    expect(emitter.emit(Inner)).toEqual({ $ref: '#/components/schemas/Inner' });
    expect(emitter.emit(Type.Array(Inner))).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Inner' },
    });
  });

  it('names structurally equal schemas after the first', () => {
    const twin = createSchemaEmitter({
      First: Type.String({ minLength: 3 }),
      Second: Type.String({ minLength: 3 }),
    });
    expect(twin.emit(Type.String({ minLength: 3 }))).toEqual({ $ref: '#/components/schemas/First' });
  });
});
