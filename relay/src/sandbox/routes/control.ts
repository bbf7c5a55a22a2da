import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  AcceptApplicationRequest,
  ApplicationGuid,
  ErrorResponse,
  ForceEventRequest,
  HostedApplicationSubmit,
  MerchantId,
  PreApprovalResult,
  PreApprovalSubmitRequest,
  SandboxApplication,
  SandboxMerchant,
  SandboxMerchantCreateRequest,
  SettlementRunRequest,
  SettlementRunResponse,
  WEBHOOK_EVENT_NAMES,
  WebhookConfig,
  WebhookConfigRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEventName,
} from '../../../../shared/src/openapi/index.ts';
import { isLoopbackRequest } from '../../plugins/loopback.ts';
import {
  acceptApplication,
  forceStatus,
  requireApplication,
  safeHttpUrl,
  submitApplication,
} from '../applications.ts';
import type { SandboxCore } from '../core.ts';
import { avvanceError } from '../errors.ts';
import { activateMerchant, createMerchant } from '../merchants.ts';
import { submitPreApproval } from '../pre-approvals.ts';
import { runSettlement } from '../settlement.ts';
import type { PartnerState, WebhookConfigRecord } from '../store.ts';
import { deliveryView } from '../webhooks.ts';

const SBX = '/sandbox/v1';
const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };
const GuidParams = Type.Object({ applicationGUID: ApplicationGuid });
const PartnerParams = Type.Object({ partnerId: Type.String({ minLength: 1 }) });

function configView(partner: PartnerState, c: WebhookConfigRecord) {
  const auth: {
    type: WebhookConfigRecord['auth']['type'];
    username?: string;
    header?: string;
    timestamped?: boolean;
  } = {
    type: c.auth.type,
  };
  if (c.auth.type === 'basic') auth.username = c.auth.username;
  if (c.auth.type === 'bearer') auth.header = c.auth.header ?? 'Authorization';
  if (c.auth.type === 'hmac') auth.timestamped = c.auth.timestamped ?? false;
  return {
    partnerId: partner.config.partnerId,
    url: c.url,
    auth,
    events: c.events,
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/**
 * Guard of the sandbox's administrative routes (settlement, webhook configuration and replay, merchants):
 * only callers on this machine. The webhook configuration makes the relay POST to any http(s) URL, so from
 * the network it would be an SSRF tool. Signed-in users elsewhere reach these routes through `/v1/replay`
 * (the relay calls its embedded sandbox over loopback). The consumer routes (submit, accept, events,
 * pre-approval) stay open: the hosted pages call them from the consumer's browser, and they act only on
 * the application or request id in the path, which works as a capability.
 */
const ADMIN_OPERATIONS: ReadonlySet<string> = new Set([
  'sandboxRunSettlement',
  'sandboxGetWebhookConfig',
  'sandboxSetWebhookConfig',
  'sandboxListWebhookDeliveries',
  'sandboxReplayWebhookDelivery',
  'sandboxCreateMerchant',
  'sandboxActivateMerchant',
]);

async function loopbackOnly(request: FastifyRequest): Promise<void> {
  const operationId = (request.routeOptions.config as { operationId?: string }).operationId;
  if (!operationId || !ADMIN_OPERATIONS.has(operationId) || isLoopbackRequest(request)) return;
  throw avvanceError(
    'unauthorized',
    'The sandbox control plane answers callers on the relay machine only; sign in and send this call through /v1/replay',
  );
}

/** The sandbox control plane (S2–S9): drive outcomes, settle, configure and replay webhooks, merchants. */
export async function controlRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', loopbackOnly);
  const partnerById = (id: string) => {
    const p = core.store.partner(id);
    if (!p) throw avvanceError('notFound', 'Unknown partner', 'partnerId', 'No such sandbox partner', id);
    return p;
  };

  r.post(
    `${SBX}/applications/:applicationGUID/submit`,
    {
      config: { operationId: 'sandboxSubmitApplication' },
      schema: {
        params: GuidParams,
        body: HostedApplicationSubmit,
        response: { 200: SandboxApplication, ...errors },
      },
    },
    async (request) =>
      submitApplication(core, requireApplication(core, request.params.applicationGUID), request.body),
  );

  r.post(
    `${SBX}/applications/:applicationGUID/accept`,
    {
      config: { operationId: 'sandboxAcceptApplication' },
      schema: {
        params: GuidParams,
        body: Type.Union([AcceptApplicationRequest, Type.Null()]),
        response: { 200: SandboxApplication, ...errors },
      },
    },
    async (request) =>
      acceptApplication(core, requireApplication(core, request.params.applicationGUID), request.body),
  );

  r.post(
    `${SBX}/applications/:applicationGUID/events`,
    {
      config: { operationId: 'sandboxForceApplicationEvent' },
      schema: {
        params: GuidParams,
        body: ForceEventRequest,
        response: { 200: SandboxApplication, ...errors },
      },
    },
    async (request) =>
      forceStatus(core, requireApplication(core, request.params.applicationGUID), request.body),
  );

  r.post(
    `${SBX}/settlement/run`,
    {
      config: { operationId: 'sandboxRunSettlement' },
      schema: {
        body: Type.Union([SettlementRunRequest, Type.Null()]),
        response: { 200: SettlementRunResponse, ...errors },
      },
    },
    async (request) => runSettlement(core, request.body?.merchantId),
  );

  r.get(
    `${SBX}/partners/:partnerId/webhook`,
    {
      config: { operationId: 'sandboxGetWebhookConfig' },
      schema: { params: PartnerParams, response: { 200: WebhookConfig, ...errors } },
    },
    async (request) => {
      const partner = partnerById(request.params.partnerId);
      if (!partner.webhook)
        throw avvanceError('notFound', 'No webhook configured', 'partnerId', 'Configure one with PUT');
      return configView(partner, partner.webhook);
    },
  );

  r.put(
    `${SBX}/partners/:partnerId/webhook`,
    {
      config: { operationId: 'sandboxSetWebhookConfig' },
      schema: {
        params: PartnerParams,
        body: WebhookConfigRequest,
        response: { 200: WebhookConfig, ...errors },
      },
    },
    async (request) => {
      const partner = partnerById(request.params.partnerId);
      const url = safeHttpUrl(request.body.url);
      if (!url) throw avvanceError('fieldFormat', undefined, 'url', 'Must be an http(s) URL');
      partner.webhook = {
        url: request.body.url,
        auth: request.body.auth,
        events: request.body.events ?? [...WEBHOOK_EVENT_NAMES],
        updatedAt: core.clock.now(),
      };
      return configView(partner, partner.webhook);
    },
  );

  r.get(
    `${SBX}/webhook-deliveries`,
    {
      config: { operationId: 'sandboxListWebhookDeliveries' },
      schema: {
        querystring: Type.Object({
          partnerId: Type.Optional(Type.String()),
          applicationGUID: Type.Optional(ApplicationGuid),
          eventName: Type.Optional(WebhookEventName),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: WebhookDeliveryList, ...errors },
      },
    },
    async (request) => {
      const { partnerId, applicationGUID, eventName, limit = 50 } = request.query;
      const all = [...core.store.partners.values()]
        .filter((p) => partnerId === undefined || p.config.partnerId === partnerId)
        .flatMap((p) => p.deliveries.values())
        .filter((d) => applicationGUID === undefined || d.applicationGUID === applicationGUID)
        .filter((d) => eventName === undefined || d.eventName === eventName)
        .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
      return { deliveries: all.slice(0, limit).map(deliveryView) };
    },
  );

  r.post(
    `${SBX}/webhook-deliveries/:deliveryId/replay`,
    {
      config: { operationId: 'sandboxReplayWebhookDelivery' },
      schema: {
        params: Type.Object({ deliveryId: Type.String({ minLength: 1 }) }),
        response: { 200: WebhookDelivery, ...errors },
      },
    },
    async (request) => {
      const original = core.store.findDelivery(request.params.deliveryId);
      if (!original)
        throw avvanceError(
          'notFound',
          'No such delivery',
          'deliveryId',
          'Unknown delivery',
          request.params.deliveryId,
        );
      const partner = core.store.partner(original.partnerId)!;
      const replayed = core.webhooks.replay(partner, original);
      if (!replayed)
        throw avvanceError('invalidFieldValue', 'No webhook endpoint configured for this event', 'partnerId');
      return deliveryView(replayed);
    },
  );

  r.post(
    `${SBX}/preapprovals/:preApprovalRequestID/submit`,
    {
      config: { operationId: 'sandboxSubmitPreApproval' },
      schema: {
        params: Type.Object({ preApprovalRequestID: Type.String({ minLength: 1 }) }),
        body: PreApprovalSubmitRequest,
        response: { 200: PreApprovalResult, ...errors },
      },
    },
    async (request) => submitPreApproval(core, request.params.preApprovalRequestID, request.body),
  );

  r.post(
    `${SBX}/merchants`,
    {
      config: { operationId: 'sandboxCreateMerchant' },
      schema: { body: SandboxMerchantCreateRequest, response: { 200: SandboxMerchant, ...errors } },
    },
    async (request) => createMerchant(core, request.body),
  );

  r.post(
    `${SBX}/merchants/:merchantId/activate`,
    {
      config: { operationId: 'sandboxActivateMerchant' },
      schema: {
        params: Type.Object({ merchantId: MerchantId }),
        response: { 200: SandboxMerchant, ...errors },
      },
    },
    async (request) => activateMerchant(core, request.params.merchantId),
  );
}
