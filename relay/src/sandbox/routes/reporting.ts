import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, MerchantTransactionsResponse } from '../../../../shared/src/openapi/index.ts';
import type { SandboxCore } from '../core.ts';
import { merchantHeader, readHeader } from '../headers.ts';
import { listTransactions } from '../reporting.ts';
import { partnerOf } from '../request-context.ts';

/** `GET /transactions`: reporting with `startDate`/`endDate`/`pageNumber`/`pageSize` **headers**. */
export async function reportingRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/poslp/services/avvance-loan/v1/transactions',
    {
      config: { operationId: 'listTransactions' },
      schema: { response: { 200: MerchantTransactionsResponse, '4xx': ErrorResponse, '5xx': ErrorResponse } },
    },
    async (request) => {
      const q: Record<string, string> = {};
      for (const name of ['startDate', 'endDate', 'pageNumber', 'pageSize'] as const) {
        const v = readHeader(request, name);
        if (v !== undefined) q[name] = v;
      }
      return listTransactions(partnerOf(request), merchantHeader(request)!, q, core.clock.now());
    },
  );
}
