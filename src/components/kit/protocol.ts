/**
 * The one envelope every island worker speaks: each request has an `id` and a `type`, every reply
 * names the id of its request. `progress` replies may come any number of times before the one
 * final reply; `cancel` (with the id of the request to stop) is a request like any other; `error`
 * is a final reply.
 */
export interface Envelope {
  id: number;
  type: string;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export interface ErrorReply {
  type: 'error';
  id: number;
  message: string;
}

/** Replies that are not final: the request goes on after them. */
export const NOT_FINAL = new Set(['progress']);
