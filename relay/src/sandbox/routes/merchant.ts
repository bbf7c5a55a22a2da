import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  EnrollMerchantRequest,
  ErrorResponse,
  HostedMerchantUiResponse,
  ManageProductsRequest,
  ProductsResponse,
  UnenrollRequest,
  UnenrollResponse,
  UpdateProductsRequest,
  UpdateProductsResponse,
} from '../../../../shared/src/openapi/index.ts';
import type { SandboxCore } from '../core.ts';
import { merchantHeader } from '../headers.ts';
import {
  enrollMerchant,
  manageProducts,
  partnerMerchant,
  unenrollMerchant,
  updateProducts,
} from '../merchants.ts';
import { productsFor } from '../products.ts';
import { partnerOf } from '../request-context.ts';
import { baseUrlOf } from './base-url.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Enrollment, product management, products GET/PUT and unenroll. */
export async function merchantRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/poslp/services/partner/enroll-merchant',
    {
      config: { operationId: 'enrollMerchant' },
      schema: { body: EnrollMerchantRequest, response: { 200: HostedMerchantUiResponse, ...errors } },
    },
    async (request) => enrollMerchant(core, partnerOf(request), request.body, baseUrlOf(core, request)),
  );

  r.post(
    '/poslp/services/partner/manage-products',
    {
      config: { operationId: 'manageProducts' },
      schema: { body: ManageProductsRequest, response: { 200: HostedMerchantUiResponse, ...errors } },
    },
    async (request) => manageProducts(partnerOf(request), request.body, baseUrlOf(core, request)),
  );

  r.get(
    `${LOAN}/products`,
    { config: { operationId: 'getProducts' }, schema: { response: { 200: ProductsResponse, ...errors } } },
    async (request) => {
      const m = partnerMerchant(partnerOf(request), merchantHeader(request)!, 'notFound', 'Identifier');
      return productsFor(m.enrolledProducts);
    },
  );

  r.put(
    `${LOAN}/products`,
    {
      config: { operationId: 'updateProducts' },
      schema: { body: UpdateProductsRequest, response: { 200: UpdateProductsResponse, ...errors } },
    },
    async (request) => updateProducts(core, partnerOf(request), request.body),
  );

  r.post(
    `${LOAN}/unenroll`,
    {
      config: { operationId: 'unenrollMerchant' },
      schema: { body: UnenrollRequest, response: { 200: UnenrollResponse, ...errors } },
    },
    async (request) => unenrollMerchant(core, partnerOf(request), request.body),
  );
}
