/**
 * The outbox: an HTTP call node delivers to an allowed local receiver with its
 * idempotency key, retries a 500 with back-off on the fake clock, and is marked
 * delivered once; a host off the allow-list is refused and recorded; notifications
 * land in the inbox exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { notifications, outbox } from '../db/schema';
import { TIER, contractWorkflow, must, publishOwn, runsKit, type Kit } from './test-kit';
import { Receiver } from './receiver';

let kit: Kit;
let receiver: Receiver;
afterEach(async () => {
  await kit?.app.close();
  await receiver?.close();
});

const SIGNED = { type: 'contract.signed', key: '91310000MA1FL8XQ3B' };
const rowsOf = (k: Kit) => k.app.svc.db.select().from(outbox).where(eq(outbox.kind, 'http')).all();

async function signedContract(url: string, allow: string, maxAttempts = 4): Promise<Kit> {
  const k = await runsKit({ runs: { httpAllow: allow } });
  await publishOwn(k, contractWorkflow(url, maxAttempts));
  await k.submit(TIER.B);
  must(await k.call('POST', '/events', 'eastAdmin', SIGNED), 202);
  return k;
}

describe('HTTP calls through the outbox', () => {
  it('delivers to an allowed host with the idempotency key, retrying 500s with back-off, and marks it delivered once', async () => {
    receiver = new Receiver([500, 500]);
    const url = await receiver.start();
    kit = await signedContract(url, '127.0.0.1');
    expect(await kit.app.runs.dispatch()).toBe(2); // the HTTP call and the inbox notification
    expect(receiver.hits).toHaveLength(1);
    expect(rowsOf(kit)[0]).toMatchObject({ attempts: 1, deliveredAt: null, lastError: 'HTTP 500' });

    kit.clock.advance(9_999); // back-off 10 s after the first failure
    await kit.app.runs.dispatch();
    expect(receiver.hits).toHaveLength(1);
    kit.clock.advance(1);
    await kit.app.runs.dispatch();
    expect(receiver.hits).toHaveLength(2);
    kit.clock.advance(19_999); // then 20 s
    await kit.app.runs.dispatch();
    expect(receiver.hits).toHaveLength(2);
    kit.clock.advance(1);
    await kit.app.runs.dispatch();
    expect(receiver.hits).toHaveLength(3);

    const [row] = rowsOf(kit);
    expect(row!.deliveredAt).toBe(kit.clock.now);
    expect(row!.attempts).toBe(3);
    expect(new Set(receiver.keys())).toEqual(new Set([row!.idempotencyKey]));
    expect(receiver.hits[2]!.body).toEqual({ company: '上海精工机械有限公司', credit_code: '91310000MA1FL8XQ3B' });
    kit.clock.advance(3_600_000);
    expect(await kit.app.runs.dispatch()).toBe(0);
    expect(receiver.hits).toHaveLength(3);
  });

  it('gives up after the node\'s maxAttempts and records why', async () => {
    receiver = new Receiver([500, 503, 500]);
    kit = await signedContract(await receiver.start(), '127.0.0.1', 2);
    await kit.app.runs.dispatch();
    kit.clock.advance(10_000);
    await kit.app.runs.dispatch();
    kit.clock.advance(60_000);
    await kit.app.runs.dispatch();
    expect(receiver.hits).toHaveLength(2);
    expect(rowsOf(kit)[0]).toMatchObject({ attempts: 2, deliveredAt: null, failedAt: kit.clock.now - 60_000, lastError: 'HTTP 503 (attempt 2 of 2)' });
  });

  it('refuses a host off the allow-list (default: empty) without calling it, and records the refusal', async () => {
    receiver = new Receiver();
    const url = await receiver.start();
    for (const allow of ['', '127.0.0.1:1', 'example.org']) {
      kit = await signedContract(url, allow);
      await kit.app.runs.dispatch();
      const [row] = rowsOf(kit);
      expect(row).toMatchObject({ deliveredAt: null, attempts: 0 });
      expect(row!.lastError).toMatch(/^refused: host not on the allow-list/);
      const audit = must(await kit.call('GET', '/audit?action=outbox.refuse', 'auditor'), 200).items as { entityId: string }[];
      expect(audit.map((a) => a.entityId)).toEqual([row!.id]);
      await kit.app.close();
    }
    expect(receiver.hits).toEqual([]);
  });

  it('does not follow a redirect from an allowed host to a host off the list: the target is never called, the entry fails', async () => {
    receiver = new Receiver();
    const target = await receiver.start();
    const redirector = createServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', target);
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    try {
      const port = (redirector.address() as AddressInfo).port;
      kit = await signedContract(`http://127.0.0.1:${port}/hook`, `127.0.0.1:${port}`);
      await kit.app.runs.dispatch();
      kit.clock.advance(3_600_000);
      await kit.app.runs.dispatch();
      expect(receiver.hits).toEqual([]);
      const [row] = rowsOf(kit);
      expect(row).toMatchObject({ deliveredAt: null, attempts: 1 });
      expect(row!.lastError).toMatch(/^HTTP 307/);
      expect(row!.failedAt).not.toBeNull();
    } finally {
      await new Promise((r) => redirector.close(r));
    }
  });

  it('sends each idempotency key once even when two dispatch rounds overlap', async () => {
    receiver = new Receiver();
    kit = await signedContract(await receiver.start(), '127.0.0.1');
    await Promise.all([kit.app.runs.dispatch(), kit.app.runs.dispatch(), kit.app.runs.dispatch()]);
    expect(receiver.hits).toHaveLength(1);
  });
});

describe('notifications through the outbox', () => {
  it('puts the message into the owner\'s inbox exactly once', async () => {
    receiver = new Receiver();
    kit = await signedContract(await receiver.start(), '127.0.0.1');
    await Promise.all([kit.app.runs.dispatch(), kit.app.runs.dispatch()]);
    await kit.app.runs.dispatch();
    const inbox = kit.app.svc.db.select().from(notifications).all();
    const rep = kit.app.svc.users.byEmailAny('rep@east.demo')!;
    expect(inbox.map((n) => [n.userId, n.channel, (n.message as { en: string }).en])).toEqual([[rep.id, 'inbox', 'The contract is signed.']]);
    const notify = kit.app.svc.db.select().from(outbox).where(eq(outbox.kind, 'notify')).all();
    expect(notify.map((r) => [r.idempotencyKey === inbox[0]!.idempotencyKey, r.deliveredAt !== null])).toEqual([[true, true]]);
  });
});
