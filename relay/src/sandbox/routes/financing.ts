import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  ErrorResponse,
  FinancingInitiationRequest,
  FinancingInitiationResponse,
  LoanStatusEvent,
  LoanStatusResponse,
  RefundRequest,
  VoidRefundResponse,
  VoidRequest,
} from '../../../../shared/src/openapi/index.ts';
import {
  applicationBySession,
  createApplication,
  refundTransaction,
  voidTransaction,
} from '../applications.ts';
import type { SandboxCore } from '../core.ts';
import { avvanceError } from '../errors.ts';
import { merchantHeader, readHeader } from '../headers.ts';
import { partnerOf } from '../request-context.ts';
import { transactionStatus } from '../state-machines.ts';
import { baseUrlOf } from './base-url.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Create, notification-status, loan-status, void and refund. */
export async function financingRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    `${LOAN}/create`,
    {
      config: { operationId: 'createFinancing' },
      schema: { body: FinancingInitiationRequest, response: { 201: FinancingInitiationResponse, ...errors } },
    },
    async (request, reply) => {
      const result = createApplication(core, partnerOf(request), request.body, baseUrlOf(core, request));
      return reply.code(201).send(result);
    },
  );

  r.get(
    `${LOAN}/notification-status`,
    {
      config: { operationId: 'getNotificationStatus' },
      schema: { response: { 200: LoanStatusEvent, ...errors } },
    },
    async (request) => {
      const partner = partnerOf(request);
      const guid = readHeader(request, 'notificationid')!;
      const app = partner.applications.get(guid);
      if (!app || app.merchantId !== merchantHeader(request))
        throw avvanceError('notFound', undefined, 'notificationId', 'No application found', guid);
      core.touch(app);
      if (!app.lastEvent)
        throw avvanceError(
          'notFound',
          'No notification yet for this application',
          'notificationId',
          'Consumer has not opened the link',
        );
      return app.lastEvent;
    },
  );

  r.get(
    `${LOAN}/loan-status`,
    {
      config: { operationId: 'getLoanStatus' },
      schema: { response: { 200: LoanStatusResponse, ...errors } },
    },
    async (request) => {
      const sessionId = readHeader(request, 'partnersession-id')!;
      const app = applicationBySession(
        partnerOf(request),
        merchantHeader(request)!,
        sessionId,
        'PartnerSession-ID',
      );
      if (!app.txn) throw avvanceError('loanNotAuthorized');
      return { loanStatus: transactionStatus(app.txn) };
    },
  );

  r.post(
    `${LOAN}/void`,
    {
      config: { operationId: 'voidTransaction' },
      schema: { body: VoidRequest, response: { 201: VoidRefundResponse, ...errors } },
    },
    async (request, reply) => {
      const { merchantId, partnerSessionId } = request.body;
      return reply.code(201).send(voidTransaction(core, partnerOf(request), merchantId, partnerSessionId));
    },
  );

  r.post(
    `${LOAN}/refund`,
    {
      config: { operationId: 'refundTransaction' },
      schema: { body: RefundRequest, response: { 201: VoidRefundResponse, ...errors } },
    },
    async (request, reply) => {
      const { merchantId, partnerSessionId, refundAmount } = request.body;
      return reply
        .code(201)
        .send(refundTransaction(core, partnerOf(request), merchantId, partnerSessionId, refundAmount));
    },
  );
}
