import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the echo server saw it, header values decoded from their UTF-8 bytes. */
export interface Received {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  headers: Record<string, string>;
  body: string;
}

export interface EchoServer {
  origin: string;
  /** Requests received so far, oldest first. */
  received: Received[];
  close(): Promise<void>;
}

function decodeHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    // Node reads header bytes as Latin-1; undo that to compare with the UTF-8 we asked curl to send.
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = Buffer.from(req.rawHeaders[i + 1]!, 'latin1').toString('utf8');
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/** Starts an HTTP server on 127.0.0.1, port 0, that records every request and answers 204. */
export async function startEchoServer(): Promise<EchoServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        target: req.url ?? '',
        headers: decodeHeaders(req),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs a shell snippet with bash; resolves with stdout, rejects with stderr on failure. */
export function runBash(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Runs a JS module snippet with this Node; rejects with stderr on failure. */
export function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 10_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
