/**
 * SSRF payload corpus for replay (`POST /v1/replay`, `path`) and the pass-through (raw request target
 * `/v1/proxy/up<payload>`). Templates: `{h}` = canary `127.0.0.1:port`, `{p}` = canary port.
 *
 * `expect`:
 * - `refused`: a 4xx with a JSON error (pass-through: any 4xx — Node's own HTTP parser may answer first);
 * - `confined`: may be accepted, but then only ever reaches the configured upstream's origin (the payload
 *   is data in a path or query on that origin).
 * Whatever the outcome, the canary listener must see neither a request nor a TCP connection.
 */
export type SsrfCategory =
  | 'absolute-url'
  | 'scheme'
  | 'network-path'
  | 'userinfo'
  | 'backslash'
  | 'traversal'
  | 'encoded'
  | 'ip-notation'
  | 'ipv6'
  | 'dns-loopback'
  | 'crlf'
  | 'unicode'
  | 'query';

export interface SsrfPayload {
  category: SsrfCategory;
  payload: string;
  /** Replay outcome. */
  replay: 'refused' | 'confined';
  /** Pass-through outcome (raw target `/v1/proxy/up` + payload, a `/` inserted when missing). */
  proxy: 'refused' | 'confined' | 'skip';
}

const r = (
  category: SsrfCategory,
  payload: string,
  proxy: SsrfPayload['proxy'] = 'refused',
): SsrfPayload => ({
  category,
  payload,
  replay: 'refused',
  proxy,
});

export const SSRF_CORPUS: readonly SsrfPayload[] = [
  // Absolute URLs and scheme changes.
  r('absolute-url', 'http://{h}/'),
  r('absolute-url', 'https://{h}/'),
  r('absolute-url', 'HTTP://{h}/poslp/x'),
  r('absolute-url', 'http:{h}/'),
  r('absolute-url', 'http:/{h}/'),
  r('absolute-url', '{h}/poslp/x'),
  r('scheme', 'file:///etc/passwd'),
  r('scheme', 'gopher://{h}/_GET%20/'),
  r('scheme', 'ftp://{h}/'),
  r('scheme', 'javascript:alert(1)'),
  r('scheme', 'data:text/plain,hi'),
  r('scheme', 'ws://{h}/v1/sessions/x/stream'),
  // Network-path references.
  r('network-path', '//{h}/'),
  r('network-path', '///{h}/'),
  r('network-path', '/poslp//{h}/'),
  r('network-path', '//localhost:{p}/'),
  // Userinfo and `@` confusion.
  r('userinfo', 'user:pass@{h}/'),
  r('userinfo', '@{h}/'),
  r('userinfo', '/poslp/@{h}/'),
  r('userinfo', '/poslp/%40{h}/'),
  r('userinfo', '/poslp/%2540{h}/'),
  r('userinfo', '/poslp#@{h}/'),
  r('userinfo', '/@localhost:{p}/'),
  // Backslash confusion (WHATWG treats `\` as `/` in special schemes).
  r('backslash', '\\\\{h}\\'),
  r('backslash', '/\\{h}/'),
  r('backslash', '/poslp\\..\\..\\metrics'),
  r('backslash', '/%5c%5c{h}/'),
  r('backslash', '/%255c%255c{h}/'),
  // Traversal, plain and encoded.
  r('traversal', '/poslp/../../v1/replay'),
  r('traversal', '/poslp/./x'),
  r('traversal', '/poslp/..;/metrics'),
  r('traversal', '/poslp/%2e%2e/%2e%2e/metrics'),
  r('traversal', '/poslp/%2E%2E/metrics'),
  r('traversal', '/poslp/.%2e/metrics'),
  r('traversal', '/poslp/%252e%252e/metrics'),
  r('traversal', '/poslp/%25252e%25252e/metrics'),
  r('traversal', '/poslp/..%2f..%2fmetrics'),
  r('traversal', '/poslp/..%252f..%252fmetrics'),
  r('encoded', '/%2f%2f{h}/'),
  r('encoded', '/%252f%252f{h}/'),
  r('encoded', '/%25252f{h}/'),
  r('encoded', '/poslp/%zz'),
  r('encoded', '/poslp/%c0%ae%c0%ae/metrics'),
  r('encoded', '/poslp/%e2%80%ae'),
  // IP literals in every notation: with a ':' port (refused) or as a bare segment (confined: data).
  r('ip-notation', '//2130706433:{p}/'),
  r('ip-notation', '//0177.0.0.1:{p}/'),
  r('ip-notation', '//0x7f.0.0.1:{p}/'),
  r('ip-notation', '//0x7f000001:{p}/'),
  r('ip-notation', '//127.1:{p}/'),
  r('ip-notation', '//0:{p}/'),
  r('ip-notation', '//10.0.0.1/'),
  r('ip-notation', '//169.254.169.254/latest/meta-data/'),
  r('ip-notation', '//192.168.0.1/'),
  r('ip-notation', '//172.16.0.1/'),
  { category: 'ip-notation', payload: '/2130706433/poslp', replay: 'confined', proxy: 'confined' },
  { category: 'ip-notation', payload: '/127.0.0.1/poslp', replay: 'confined', proxy: 'confined' },
  { category: 'ip-notation', payload: '/169.254.169.254/latest', replay: 'confined', proxy: 'confined' },
  // IPv6 and IPv4-mapped.
  r('ipv6', '//[::1]:{p}/'),
  r('ipv6', '/[::1]:{p}/'),
  r('ipv6', '//[0:0:0:0:0:0:0:1]:{p}/'),
  r('ipv6', '//[::ffff:127.0.0.1]:{p}/'),
  r('ipv6', '//[::ffff:7f00:1]:{p}/'),
  r('ipv6', '/poslp/[::ffff:127.0.0.1]/'),
  r('ipv6', '//[fe80::1%25lo0]/'),
  r('ipv6', '//[fd00::1]/'),
  // DNS names that resolve to loopback (offline: localhost variants only).
  r('dns-loopback', 'localhost:{p}/'),
  r('dns-loopback', '//localhost./'),
  r('dns-loopback', '//LOCALHOST:{p}/'),
  r('dns-loopback', '//foo.localhost:{p}/'),
  r('dns-loopback', 'http://localhost.:{p}/'),
  { category: 'dns-loopback', payload: '/localhost/poslp', replay: 'confined', proxy: 'confined' },
  // Header injection through the path.
  r('crlf', '/poslp/x%0d%0aHost:%20{h}'),
  r('crlf', '/poslp/x\r\nHost: {h}', 'skip'),
  r('crlf', '/poslp/x%00'),
  r('crlf', ' /poslp/x', 'skip'),
  r('crlf', '/poslp/x%09'),
  // Non-ASCII look-alikes.
  r('unicode', '/poslp/\u0445'),
  r('unicode', '/poslp/\uff0e\uff0e/metrics'),
  r('unicode', '/poslp/\u2024\u2024/metrics'),
  // Query strings: data on the upstream origin, never a destination.
  { category: 'query', payload: '/poslp/x?next=http://{h}/', replay: 'confined', proxy: 'confined' },
  { category: 'query', payload: '/poslp/x?u=//{h}/&v=@{h}', replay: 'confined', proxy: 'confined' },
  r('query', '/poslp/x?a=b#http://{h}/', 'skip'),
];
