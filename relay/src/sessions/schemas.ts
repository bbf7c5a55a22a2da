/** TypeBox schemas of the team-session REST routes. */
import Type from 'typebox';
import { SessionIdSchema } from '../../../shared/src/protocol/common-schema.ts';

/** `SessionInfo` (relay/src/types.ts). */
export const SessionInfoSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  name: Type.String(),
  shareUrl: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  head: Type.Integer({ minimum: 0 }),
  members: Type.Integer({ minimum: 0 }),
});

/** `POST /v1/sessions` body. */
export const CreateSessionBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false },
);

/** `:id` path parameter: a session id, or the name of the partner's default session. */
export const SessionParams = Type.Object({ id: SessionIdSchema });

/** `GET /v1/sessions` answer. */
export const SessionListSchema = Type.Object({ sessions: Type.Array(SessionInfoSchema) });

/** Error envelope (relay/src/errors.ts). */
export const ErrorEnvelopeSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
