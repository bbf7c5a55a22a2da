import type { FastifyRequest } from 'fastify';

/**
 * True for loopback peers: 127.0.0.0/8, `::1` and IPv4-mapped `::ffff:127.x.x.x`. Only the socket's own
 * peer address counts: `X-Forwarded-For` is never trusted (anyone can send it).
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** Whether the request's TCP peer is on this machine (see {@link isLoopbackAddress}). */
export function isLoopbackRequest(request: FastifyRequest): boolean {
  return isLoopbackAddress(request.socket.remoteAddress);
}
