import Type, { type Static, type TSchema, type TUnsafe } from 'typebox';

/**
 * Pattern of Avvance timestamps: `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` (always UTC, numeric offset without a
 * colon), e.g. `2023-06-28T17:08:50.000+0000`. Not RFC 3339: `Z` and `+00:00` do not match.
 */
export const AVVANCE_TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000$';

/** Pattern of Avvance gateway error codes `AAA.PPPPP.CCCC` (HTTP status, proxy code, reason code). */
export const AVVANCE_ERROR_CODE_PATTERN = '^\\d{3}\\.\\d{5}\\.\\d{4,5}$';

/**
 * A string schema restricted to `values`, emitted as `{ type: 'string', enum: [...] }` (friendlier to
 * OpenAPI tooling than TypeBox's `anyOf` of literals) and typed as the union of the values.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options } as unknown as TSchema);
}

/** Formats a date the way Avvance does: `2023-06-28T17:08:50.000+0000`. */
export function formatAvvanceTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** An Avvance timestamp (`yyyy-MM-dd'T'HH:mm:ss.SSS+0000`). */
export const AvvanceTimestamp = Type.String({
  pattern: AVVANCE_TIMESTAMP_PATTERN,
  description: "Avvance timestamp `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` (UTC, not RFC 3339).",
  examples: ['2023-06-28T17:08:50.000+0000'],
});
export type AvvanceTimestamp = Static<typeof AvvanceTimestamp>;

/** A calendar date `yyyy-MM-dd` (shipping dates, reporting date headers). */
export const IsoDate = Type.String({
  format: 'date',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'Calendar date `yyyy-MM-dd`.',
  examples: ['2024-05-10'],
});
export type IsoDate = Static<typeof IsoDate>;

/** A US-style date `MM/dd/yyyy` (e.g. `loanSummary.firstPaymentDue`). */
export const UsDate = Type.String({
  pattern: '^(0[1-9]|1[0-2])/(0[1-9]|[12]\\d|3[01])/\\d{4}$',
  maxLength: 10,
  description: 'US date `MM/dd/yyyy`.',
  examples: ['01/17/2024'],
});
export type UsDate = Static<typeof UsDate>;

/** A UUID (Correlation-ID, applicationGUID, partnerSessionId in practice). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID (v4 in practice).' });
export type Uuid = Static<typeof Uuid>;

/**
 * Elavon merchant id (MID): 10–12 digits in practice (`435523232323`, `8025491732`), up to 22 characters
 * per the spec. Looks like a phone number but is not PII.
 */
export const MerchantId = Type.String({
  minLength: 1,
  maxLength: 22,
  description: 'Elavon merchant id (MID), 10–12 digits in practice. Not PII.',
  examples: ['435523232323'],
});
export type MerchantId = Static<typeof MerchantId>;

/** The partner's own id for one checkout (`partnerSessionId`), unique per financing request. */
export const PartnerSessionId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Partner-generated id of the checkout session (a UUID in practice); unique per request.',
  examples: ['77ebbf62-2869-4953-9302-a1bf46c6e112'],
});
export type PartnerSessionId = Static<typeof PartnerSessionId>;

/** Avvance's id of one consumer application (`applicationGUID`). */
export const ApplicationGuid = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Avvance application id (UUID v4).',
  examples: ['7b831e4d-cfc7-4215-bad4-11a88eff8090'],
});
export type ApplicationGuid = Static<typeof ApplicationGuid>;

/** `Y` / `N` flags used by the financing response. */
export const YesNo = StringEnum(['Y', 'N'] as const, { description: '`Y` or `N`.' });
export type YesNo = Static<typeof YesNo>;

/** A free-form key/value pair (`metadata[]`). Values may carry arbitrary PII: scan them. */
export const MetadataEntry = Type.Object(
  { key: Type.String({ minLength: 1 }), value: Type.String() },
  { description: 'Free-form key/value pair; values may contain PII/PHI.' },
);
export type MetadataEntry = Static<typeof MetadataEntry>;

/** One field-level problem inside an error (`error.details[]`). */
export const ErrorDetail = Type.Object({
  attributeName: Type.String({ description: 'Field or header at fault, e.g. `Correlation-ID`.' }),
  reason: Type.String(),
  attributeValue: Type.Optional(Type.String({ description: 'The offending value, when safe to echo.' })),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

/** The `error` object of the BaseResponse envelope. */
export const ApiError = Type.Object({
  code: Type.String({
    pattern: AVVANCE_ERROR_CODE_PATTERN,
    description: '`AAA.PPPPP.CCCC`: HTTP status, API proxy code (44010), reason code.',
    examples: ['400.44010.4106'],
  }),
  message: Type.String(),
  help: Type.Optional(Type.String({ format: 'uri', description: 'Link to the developer documentation.' })),
  details: Type.Optional(Type.Array(ErrorDetail)),
});
export type ApiError = Static<typeof ApiError>;

/** Avvance's error envelope (`BaseResponse`): `{ error: { code, message, help?, details? }, timestamp }`. */
export const ErrorResponse = Type.Object(
  { error: ApiError, timestamp: AvvanceTimestamp },
  { description: 'BaseResponse error envelope returned by every resource API.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Error body of the token endpoint: `{ error: { code: "400", message: "invalid_request" } }`. */
export const TokenErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ pattern: '^\\d{3}$', description: 'HTTP status as a string.' }),
      message: Type.String({
        description: 'OAuth2-style error: `invalid_request`, `invalid_client`, `unsupported_grant_type`…',
        examples: ['invalid_request'],
      }),
    }),
  },
  { description: 'Token endpoint error (the real spec calls it `AuthencticationErrorResponse`).' },
);
export type TokenErrorResponse = Static<typeof TokenErrorResponse>;
