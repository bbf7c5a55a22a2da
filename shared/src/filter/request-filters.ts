/** Filters on what was sent and where it was seen: method, path, domain, header, flow, source. */
import { EXCHANGE_SOURCES, type ExchangeSource } from '../model/exchange.ts';
import { headerValue, urlParts } from './exchange-fields.ts';
import { matchGlob } from './glob.ts';
import { type BuildResult, built, FilterBase, type FilterTarget, failed, type TermInput } from './types.ts';

/** `method:POST`: the request method, case-insensitive. */
export class MethodFilter extends FilterBase {
  static readonly filterName = 'Method';
  static readonly key = 'method';
  static readonly syntax = 'method:METHOD';
  static readonly description = 'Request method, case-insensitive.';
  static readonly examples = ['method:POST', '-method:GET'];
  static readonly operators = [':'] as const;
  static readonly values = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

  readonly method: string;

  constructor(method: string, from: number, to: number) {
    super(from, to);
    this.method = method.toUpperCase();
  }

  static create(input: TermInput): BuildResult {
    if (!/^[a-z-]+$/i.test(input.value)) {
      return failed('method expects an HTTP method like POST', input.valueFrom, input.valueTo);
    }
    return built(new MethodFilter(input.value, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    const method = String(exchange.request.method);
    // Captured methods are upper case already: compare first, fold case only when they differ.
    return method === this.method || method.toUpperCase() === this.method;
  }

  describe(): string {
    return `method is ${this.method}`;
  }
}

/** `path:/poslp/services`: a case-insensitive substring of the URL path (query and host excluded). */
export class PathFilter extends FilterBase {
  static readonly filterName = 'Path';
  static readonly key = 'path';
  static readonly syntax = 'path:TEXT';
  static readonly description =
    'Substring of the URL path (no host, no query), case-insensitive. A leading `/` needs no special ' +
    'care: `path:/poslp/services` also matches calls made through the relay pass-through `/v1/proxy/poslp/…`.';
  static readonly examples = ['path:/poslp/services', 'path:loan-status', 'path:"/a b"'];
  static readonly operators = [':'] as const;
  static readonly values = [] as const;

  readonly needle: string;

  constructor(needle: string, from: number, to: number) {
    super(from, to);
    this.needle = needle.toLowerCase();
  }

  static create(input: TermInput): BuildResult {
    return built(new PathFilter(input.value, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return urlParts(String(exchange.request.url)).path.toLowerCase().includes(this.needle);
  }

  describe(): string {
    return `path contains ${JSON.stringify(this.needle)}`;
  }
}

/** `domain:*.usbank.com`: the URL host against a `*` glob, case-insensitive. */
export class DomainFilter extends FilterBase {
  static readonly filterName = 'Domain';
  static readonly key = 'domain';
  static readonly syntax = 'domain:HOST';
  static readonly description =
    'URL host (no port), case-insensitive; `*` matches any characters, so `*.usbank.com` matches ' +
    '`alpha-api2.usbank.com` but not `usbank.com`.';
  static readonly examples = ['domain:*.usbank.com', 'domain:localhost', '-domain:*.elavon.com'];
  static readonly operators = [':'] as const;
  static readonly values = [] as const;

  readonly glob: string;

  constructor(glob: string, from: number, to: number) {
    super(from, to);
    this.glob = glob.toLowerCase();
  }

  static create(input: TermInput): BuildResult {
    if (!/^[a-z0-9.*_:[\]-]+$/i.test(input.value)) {
      return failed('domain expects a host name or a glob like *.usbank.com', input.valueFrom, input.valueTo);
    }
    return built(new DomainFilter(input.value, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return matchGlob(this.glob, urlParts(String(exchange.request.url)).host);
  }

  describe(): string {
    return `domain matches ${this.glob}`;
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** `header:correlation-id` (present) or `header:correlation-id=abc` (value contains). */
export class HeaderFilter extends FilterBase {
  static readonly filterName = 'Header';
  static readonly key = 'header';
  static readonly syntax = 'header:NAME or header:NAME=VALUE';
  static readonly description =
    'A request or response header is present; with `=VALUE`, its value contains VALUE ' +
    '(both case-insensitive).';
  static readonly examples = [
    'header:correlation-id',
    'header:partner-id=7421',
    'header:"content-type=json"',
  ];
  static readonly operators = [':'] as const;
  static readonly values = [
    'correlation-id',
    'partner-id',
    'authorization',
    'content-type',
    'traceparent',
  ] as const;

  readonly name: string;
  /** Lower-case substring the value must contain; `undefined` when only presence is asked. */
  readonly value: string | undefined;

  constructor(name: string, value: string | undefined, from: number, to: number) {
    super(from, to);
    this.name = name.toLowerCase();
    this.value = value?.toLowerCase();
  }

  static create(input: TermInput): BuildResult {
    const eq = input.value.indexOf('=');
    const name = eq < 0 ? input.value : input.value.slice(0, eq);
    if (!HEADER_NAME.test(name)) {
      return failed('header expects a header name like correlation-id', input.valueFrom, input.valueTo);
    }
    const value = eq < 0 ? undefined : input.value.slice(eq + 1);
    return built(new HeaderFilter(name, value, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return [exchange.request.headers, exchange.response?.headers].some((headers) => {
      const found = headerValue(headers, this.name);
      return found !== undefined && (this.value === undefined || found.toLowerCase().includes(this.value));
    });
  }

  describe(): string {
    return this.value === undefined
      ? `has header ${this.name}`
      : `header ${this.name} contains ${JSON.stringify(this.value)}`;
  }
}

/** `flow:<id or prefix>`: the exchange's flow id starts with the value. */
export class FlowFilter extends FilterBase {
  static readonly filterName = 'Flow';
  static readonly key = 'flow';
  static readonly syntax = 'flow:ID';
  static readonly description =
    'The journey the exchange belongs to: its flow id, or the id after the kind prefix ' +
    '(`applicationGUID:7b83…`), starts with ID; case-insensitive.';
  static readonly examples = ['flow:7b831e4d', 'flow:applicationGUID:7b831e4d'];
  static readonly operators = [':'] as const;
  static readonly values = [] as const;

  readonly prefix: string;

  constructor(prefix: string, from: number, to: number) {
    super(from, to);
    this.prefix = prefix.toLowerCase();
  }

  static create(input: TermInput): BuildResult {
    return built(new FlowFilter(input.value, input.from, input.to));
  }

  matches({ flowId }: FilterTarget): boolean {
    if (typeof flowId !== 'string') return false;
    const id = flowId.toLowerCase();
    return id.startsWith(this.prefix) || id.slice(id.indexOf(':') + 1).startsWith(this.prefix);
  }

  describe(): string {
    return `flow id starts with ${this.prefix}`;
  }
}

/** `source:replay`: where the exchange was seen. */
export class SourceFilter extends FilterBase {
  static readonly filterName = 'Source';
  static readonly key = 'source';
  static readonly syntax = `source:${EXCHANGE_SOURCES.join('|')}`;
  static readonly description =
    'Where the exchange was seen: the page (DevTools), a replay from the panel, the toolbar popup, ' +
    'the relay pass-through (`proxy`) or a webhook received by the relay.';
  static readonly examples = ['source:webhook', '-source:page'];
  static readonly operators = [':'] as const;
  static readonly values = EXCHANGE_SOURCES;

  readonly source: ExchangeSource;

  constructor(source: ExchangeSource, from: number, to: number) {
    super(from, to);
    this.source = source;
  }

  static create(input: TermInput): BuildResult {
    const source = EXCHANGE_SOURCES.find((s) => s === input.value.toLowerCase());
    if (source === undefined) {
      return failed(`source must be one of ${EXCHANGE_SOURCES.join(', ')}`, input.valueFrom, input.valueTo);
    }
    return built(new SourceFilter(source, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return exchange.source === this.source;
  }

  describe(): string {
    return `source is ${this.source}`;
  }
}
