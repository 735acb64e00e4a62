/** Test support: a local HTTP receiver for outbox deliveries. Not used by production code. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP receiver: answers each request with the next status of `plan` (then 200), counting by idempotency key. */
export class Receiver {
  readonly hits: { key: string; body: unknown }[] = [];
  private server: Server | undefined;
  constructor(private plan: number[] = []) {}
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        this.hits.push({ key: String(req.headers['idempotency-key']), body: text ? JSON.parse(text) : null });
        res.statusCode = this.plan.shift() ?? 200;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  keys(): string[] {
    return this.hits.map((h) => h.key);
  }
  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
