/**
 * Messages between the log worker (the coordinator) and its piece readers, in the kit's envelope:
 * `load` gives a reader the registry ahead of any file (a warm-up), `start` gives a reader the registry (once) and the plan of a file, `piece` a piece's bytes (its
 * buffer transferred); each is answered by one reply naming its id.
 */
import type { PieceResult } from '../../diagnostics/logs/engine/parse.ts';
import type { KeepLimits } from '../../diagnostics/logs/engine/keep.ts';
import type { PlanSpec } from '../../diagnostics/logs/engine/setup.ts';
import type { LogRegistry } from '../../diagnostics/logs/types.ts';
import type { CancelRequest, ErrorReply } from '../kit/protocol.ts';

export type PieceRequest =
  | { type: 'load'; id: number; registry: LogRegistry }
  | { type: 'start'; id: number; registry?: LogRegistry; spec: PlanSpec }
  /** `keep`: the plan's budgets less what earlier pieces are known to have spent (see web-pool.ts). */
  | { type: 'piece'; id: number; buffer: ArrayBuffer; length: number; offset: number; keep?: KeepLimits }
  | CancelRequest;

export type PieceReply =
  | { type: 'loaded'; id: number }
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; result: PieceResult }
  | ErrorReply;
