import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Ajv2020 = InstanceType<typeof Ajv2020Module>;

// ajv and ajv-formats are CommonJS: depending on the loader the default export is the class itself or a
// namespace whose `default` is the class.
const Ajv2020Ctor: typeof Ajv2020Module =
  (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats: typeof addFormatsModule =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** A strict JSON Schema 2020-12 validator with the standard formats (OpenAPI 3.1's dialect). */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020Ctor({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Validates `value` against `schema`, returning ajv's error text or `undefined` when valid. */
export function check(ajv: Ajv2020, schema: object, value: unknown): string | undefined {
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}
