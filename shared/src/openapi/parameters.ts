import type { ParameterObject } from './types.ts';

const uuidSchema = { type: 'string', format: 'uuid' };

/**
 * Header parameters with Avvance's real names and casing quirks, keyed by their `components.parameters`
 * name. `required` is the usual requirement; operations that differ override it inline.
 */
export const HEADER_PARAMETERS = {
  CorrelationId: {
    name: 'Correlation-ID',
    in: 'header',
    required: true,
    description:
      'v4 UUID set by the partner to trace the request; a fresh one per call. Missing → 400.44010.4106. ' +
      'The sandbox echoes it in the response.',
    schema: uuidSchema,
    example: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  },
  PartnerId: {
    name: 'partner-ID',
    in: 'header',
    required: true,
    description:
      'Partner id assigned by Avvance at integration, shared by all the partner’s merchants. Clients also ' +
      'send `Partner-ID` (headers are case-insensitive).',
    schema: { type: 'string', minLength: 1 },
    example: 'partner-org-name',
  },
  MerchantIdHeader: {
    name: 'merchantId',
    in: 'header',
    required: true,
    description: 'Elavon MID, camelCase header (reporting, notification-status). Not PII.',
    schema: { type: 'string', minLength: 1, maxLength: 22 },
    example: '435523232323',
  },
  MerchantIdDashed: {
    name: 'Merchant-ID',
    in: 'header',
    required: true,
    description: 'Elavon MID, dashed header (pre-approval link, loan-status). Not PII.',
    schema: { type: 'string', minLength: 1, maxLength: 22 },
    example: '435523232323',
  },
  Identifier: {
    name: 'Identifier',
    in: 'header',
    required: true,
    description: 'Elavon MID of the merchant whose products are listed.',
    schema: { type: 'string', minLength: 1, maxLength: 22 },
    example: '8025491732',
  },
  MccExtensionCode: {
    name: 'MccExtensionCode',
    in: 'header',
    required: false,
    description: 'Merchant category code extension.',
    schema: { type: 'string' },
    example: '5999',
  },
  XClientIp: {
    name: 'X-Client-IP',
    in: 'header',
    required: true,
    description: 'IP address of the client making the request, for security purposes. PII.',
    schema: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
    example: '100.100.0.10',
  },
  NotificationId: {
    name: 'notificationId',
    in: 'header',
    required: true,
    description: 'The applicationGUID whose last notification is wanted (a header, not a query parameter).',
    schema: { type: 'string', minLength: 1, maxLength: 64 },
    example: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
  },
  PartnerSessionIdHeader: {
    name: 'PartnerSession-ID',
    in: 'header',
    required: true,
    description: 'The partnerSessionId sent to create.',
    schema: { type: 'string', minLength: 1, maxLength: 64 },
    example: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  },
  RoutingKey: {
    name: 'routingKey',
    in: 'header',
    required: false,
    description: 'Gateway routing key seen in client code: `uat3` for sandbox/UAT, `az1` for production.',
    schema: { type: 'string' },
    example: 'uat3',
  },
  ChannelId: {
    name: 'Channel-ID',
    in: 'header',
    required: false,
    description: 'Channel: `ECOM` (partner calls), `OWA` (mobile) or `Web` (webhooks).',
    schema: { type: 'string' },
    example: 'ECOM',
  },
  ApplicationId: {
    name: 'Application-ID',
    in: 'header',
    required: false,
    description: 'Calling application (`woo` from plugins; webhooks send `AVNC_PTNR`).',
    schema: { type: 'string' },
    example: 'AVNC_PTNR',
  },
  SessionId: {
    name: 'Session-ID',
    in: 'header',
    required: false,
    description: 'Consumer/widget session id (a UUID on webhooks).',
    schema: { type: 'string' },
    example: '0f3c1d7e-8a44-4b8e-9d0c-5c1f2e9a7b21',
  },
  ClientData: {
    name: 'clientdata',
    in: 'header',
    required: false,
    description: 'JSON string `{"ChannelID":"OWA"}` or `{"ChannelID":"WEB"}` (older clients).',
    schema: { type: 'string' },
    example: '{"ChannelID":"OWA"}',
  },
  StartDate: {
    name: 'startDate',
    in: 'header',
    required: false,
    description: 'Start of the reporting window `yyyy-MM-dd` (a header). Window at most 30 days.',
    schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    example: '2024-02-01',
  },
  EndDate: {
    name: 'endDate',
    in: 'header',
    required: false,
    description: 'End of the reporting window `yyyy-MM-dd` (a header).',
    schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    example: '2024-02-29',
  },
  PageNumber: {
    name: 'pageNumber',
    in: 'header',
    required: false,
    description: 'Page number, from 1 (a header). Defaults to 1.',
    schema: { type: 'integer', minimum: 1 },
    example: 1,
  },
  PageSize: {
    name: 'pageSize',
    in: 'header',
    required: false,
    description: 'Rows per page (a header). Defaults to 100, at most 100 in the sandbox.',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
    example: 100,
  },
} as const satisfies Record<string, ParameterObject>;

/** Key of {@link HEADER_PARAMETERS} (`components.parameters` name). */
export type HeaderKey = keyof typeof HEADER_PARAMETERS;
