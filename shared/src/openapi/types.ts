/** A plain JSON Schema (2020-12) object, as OpenAPI 3.1 embeds it. */
export type JsonSchema = { [keyword: string]: unknown };

/** Specification extensions (`x-…`). */
export type Extensions = { [key: `x-${string}`]: unknown };

/** A `$ref` to a component. */
export interface Reference {
  $ref: string;
  summary?: string;
  description?: string;
}

/** Where an operation's facts come from (legend of AVVANCE_API.md). */
export type AvvanceSource = 'confirmed' | 'confirmed-in-client' | 'proposed';

/** Lower-case HTTP methods used as OpenAPI path-item keys. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** OpenAPI Example Object. */
export interface ExampleObject {
  summary?: string;
  description?: string;
  value: unknown;
}

/** OpenAPI Media Type Object. */
export interface MediaTypeObject {
  schema: JsonSchema | Reference;
  examples?: Record<string, ExampleObject>;
}

/** OpenAPI Header Object. */
export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: JsonSchema | Reference;
  example?: unknown;
}

/** OpenAPI Parameter Object (header, path or query). */
export interface ParameterObject extends Extensions {
  name: string;
  in: 'header' | 'path' | 'query';
  description?: string;
  required?: boolean;
  schema: JsonSchema | Reference;
  example?: unknown;
}

/** OpenAPI Request Body Object. */
export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

/** OpenAPI Response Object. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
}

/** OpenAPI Operation Object with this project's extensions. */
export interface OperationObject extends Extensions {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Reference>;
  security?: Record<string, string[]>[];
}

/** OpenAPI Server Object. */
export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; description?: string; enum?: string[] }>;
}

/** OpenAPI Path Item Object. */
export interface PathItemObject extends Partial<Record<HttpMethod, OperationObject>> {
  servers?: ServerObject[];
}

/** OpenAPI Security Scheme Object (the kinds used here). */
export type SecuritySchemeObject =
  | { type: 'http'; scheme: 'basic' | 'bearer'; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header'; name: string; description?: string };

/** OpenAPI Tag Object. */
export interface TagObject {
  name: string;
  description?: string;
}

/** OpenAPI 3.1 document (the parts this project emits). */
export interface OpenApiDocument extends Extensions {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    summary?: string;
    description?: string;
    license?: { name: string; identifier?: string };
  };
  jsonSchemaDialect?: string;
  servers: ServerObject[];
  tags: TagObject[];
  paths: Record<string, PathItemObject>;
  webhooks: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    headers: Record<string, HeaderObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
  security?: Record<string, string[]>[];
}
