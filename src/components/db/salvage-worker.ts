/**
 * "Recover data" inside the database checker's worker: salvage reads the dropped file page by
 * page (the same way the check reads it) and hands back the new database.
 */
import type { SqlJsStatic } from 'sql.js';
import { salvage } from '../../diagnostics/db/salvage/salvage.ts';
import type { ByteSource } from '../../diagnostics/db/source.ts';
import type { Reply } from '../kit/worker-host.ts';
import type { SalvagedMessage, SalvageProgressMessage, SalvageRequest } from './salvage-protocol.ts';

/** The final reply, with the new database's bytes to transfer. */
export async function runSalvageRequest(
  req: SalvageRequest,
  sql: () => Promise<SqlJsStatic>,
  source: (file: File) => Promise<ByteSource>,
  progress: (message: SalvageProgressMessage) => void,
): Promise<Reply<SalvagedMessage>> {
  progress({ type: 'progress', id: req.id, phase: 'load', done: 0 });
  const SQL = await sql();
  const db = await source(req.db);
  const wal = req.wal ? await source(req.wal) : undefined;
  const { report, bytes } = salvage(
    { db: { name: req.db.name, source: db }, wal: wal && req.wal ? { name: req.wal.name, source: wal } : undefined },
    SQL,
    { onProgress: (p) => progress({ type: 'progress', id: req.id, phase: p.phase, done: p.done }) },
  );
  const reply: SalvagedMessage = { type: 'salvaged', id: req.id, report, ...(bytes ? { bytes } : {}) };
  return bytes ? [reply, [bytes.buffer as ArrayBuffer]] : reply;
}
