import Type, { type Static } from 'typebox';

/** Form body of `POST /auth/oauth2/v1/token` (`application/x-www-form-urlencoded`). */
export const TokenRequest = Type.Object(
  {
    grant_type: Type.Literal('client_credentials', {
      description: 'Only the client-credentials grant exists; there is no refresh token.',
    }),
  },
  { description: 'Form body `grant_type=client_credentials`; credentials go in `Authorization: Basic`.' },
);
export type TokenRequest = Static<typeof TokenRequest>;

/**
 * Token response. camelCase, not RFC 6749 snake_case, and `expiresIn` is a **string** of seconds
 * (`"899"` ≈ 15 minutes).
 */
export const TokenResponse = Type.Object(
  {
    tokenType: Type.Literal('BearerToken', { description: 'Always `BearerToken` (not `Bearer`).' }),
    expiresIn: Type.String({
      pattern: '^\\d+$',
      description: 'Lifetime in seconds, as a string. Clients cache for `expiresIn - 60` s.',
      examples: ['899'],
    }),
    accessToken: Type.String({ minLength: 1, description: 'Bearer token (JWT). Secret.' }),
  },
  { description: 'OAuth2 client-credentials token, camelCase.' },
);
export type TokenResponse = Static<typeof TokenResponse>;
