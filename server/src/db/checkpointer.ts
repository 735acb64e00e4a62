/**
 * WAL checkpoints off the event loop. SQLite normally checkpoints inside the COMMIT that
 * pushes the WAL past 1000 pages: that commit copies the pages into the database file
 * and waits for two fsyncs, and every request of that batch and of the ones queued
 * behind it waits too. Here a worker thread with its own connection runs a PASSIVE
 * checkpoint every {@link INTERVAL_MS} ms (PASSIVE never blocks the writer, and the
 * writer never waits for it); the server's connection stops auto-checkpointing once
 * the worker is up. Copying a fifth of a second of commits at once also copies each
 * hot page (an index's last leaf, rewritten by every batch) once instead of once per
 * 1000 pages.
 *
 * Durability is unchanged: with `synchronous = NORMAL` in WAL mode a COMMIT has written
 * its pages to the WAL file before the write queue resolves (a killed process loses
 * nothing: the WAL is replayed on the next open), and the checkpoint's fsyncs are what
 * protect against power loss — they just happen in the worker. Should the worker fail,
 * the connection goes back to checkpointing itself.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export const INTERVAL_MS = 200;
/** SQLite's default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS, evaluated in the worker: no file to find next to a bundle, no TypeScript loader needed there.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.get(); } catch { /* busy: another checkpoint runs (the server's, at shutdown); next round */ }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

export class Checkpointer {
  private worker: Worker | undefined;
  private state: 'idle' | 'starting' | 'running' | 'stopped' | 'failed' = 'idle';

  constructor(
    private readonly sqlite: Database.Database,
    private readonly file: string,
    private readonly intervalMs = INTERVAL_MS,
  ) {}

  /** Start the worker on first use (after the first commit: a start that only reads needs none). */
  wake(): void {
    if (this.state !== 'idle') return;
    this.state = 'starting';
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // No inherited --import (tsx): the worker runs plain CommonJS.
    const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { driver, file: this.file, intervalMs: this.intervalMs } });
    this.worker = worker;
    worker.unref();
    worker.once('message', (m) => {
      if (m !== 'ready' || this.state !== 'starting') return;
      this.state = 'running';
      if (this.sqlite.open) this.sqlite.pragma('wal_autocheckpoint = 0');
    });
    const gone = () => {
      if (this.state === 'stopped') return;
      this.state = 'failed';
      this.worker = undefined;
      if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    worker.once('error', gone);
    worker.once('exit', gone);
  }

  /** Whether the worker does the checkpoints now (for tests). */
  get running(): boolean {
    return this.state === 'running';
  }

  /** Stop the worker and hand checkpoints back to the connection (which checkpoints fully when it closes). */
  async stop(): Promise<void> {
    const worker = this.worker;
    const was = this.state;
    this.state = 'stopped';
    this.worker = undefined;
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    if (!worker || was === 'failed') return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
