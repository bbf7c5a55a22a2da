/** One named example (OpenAPI Example Object). */
export interface ExampleSpec {
  summary: string;
  description?: string;
  value: unknown;
}

/** Named examples of one request body or response. */
export type Examples = Record<string, ExampleSpec>;
