/**
 * The one envelope every island worker speaks: each request has an `id` and a `type`, every reply
 * names the id of its request. `progress` replies may come any number of times before the one
 * final reply; `cancel` (with the id of the request to stop) is a request like any other; `error`
 * and `cancelled` are final replies.
 */
export interface Envelope {
  id: number;
  type: string;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** The final reply of a request stopped before it had anything to say. */
export interface CancelledReply {
  type: 'cancelled';
  id: number;
}

export interface ErrorReply {
  type: 'error';
  id: number;
  message: string;
}

/** Replies that are not final: the request goes on after them. */
export const NOT_FINAL = new Set(['progress']);
