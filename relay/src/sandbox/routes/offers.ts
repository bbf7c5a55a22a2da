import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  ErrorResponse,
  OffersResponse,
  PreApprovalCreateRequest,
  PreApprovalCreateResponse,
  PreApprovalLinkResponse,
  PreApprovalOffersRequest,
  PriceBreakdownRequest,
} from '../../../../shared/src/openapi/index.ts';
import { activeMerchant } from '../applications.ts';
import type { SandboxCore } from '../core.ts';
import { avvanceError } from '../errors.ts';
import { merchantHeader, readHeader } from '../headers.ts';
import { buildOffers, isFinanceable } from '../offers.ts';
import { createPreApproval, preApprovalLink, preApprovalOffers } from '../pre-approvals.ts';
import { partnerOf } from '../request-context.ts';
import { baseUrlOf } from './base-url.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Price breakdown, pre-approval create, pre-approval offers and the pre-approval link (GET and POST). */
export async function offerRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    `${LOAN}/price-breakdown`,
    {
      config: { operationId: 'getPriceBreakdown' },
      schema: { body: PriceBreakdownRequest, response: { 200: OffersResponse, ...errors } },
    },
    async (request) => {
      activeMerchant(partnerOf(request), request.body.merchantId);
      const amount = Number(request.body.amount);
      if (!isFinanceable(amount))
        throw avvanceError(
          'invalidFieldValue',
          'Amount must be between $300 and $25000',
          'amount',
          'Out of range',
          String(request.body.amount),
        );
      return { offers: buildOffers(amount, core.clock.now()) };
    },
  );

  r.post(
    '/poslp/services/pre-approval/v1/create',
    {
      config: { operationId: 'createPreApproval' },
      schema: { body: PreApprovalCreateRequest, response: { 201: PreApprovalCreateResponse, ...errors } },
    },
    async (request, reply) => {
      const result = createPreApproval(
        core,
        partnerOf(request),
        request.body,
        baseUrlOf(core, request),
        readHeader(request, 'session-id'),
      );
      return reply.code(201).send(result);
    },
  );

  r.post(
    `${LOAN}/preapproval-offers`,
    {
      config: { operationId: 'getPreApprovalOffers' },
      schema: { body: PreApprovalOffersRequest, response: { 200: OffersResponse, ...errors } },
    },
    async (request) => preApprovalOffers(core, partnerOf(request), request.body),
  );

  for (const method of ['GET', 'POST'] as const) {
    r.route({
      method,
      url: `${LOAN}/preapproval/link`,
      config: { operationId: method === 'GET' ? 'getPreApprovalLink' : 'postPreApprovalLink' },
      schema: { response: { 200: PreApprovalLinkResponse, ...errors } },
      handler: async (request) =>
        preApprovalLink(partnerOf(request), merchantHeader(request)!, baseUrlOf(core, request)),
    });
  }
}
