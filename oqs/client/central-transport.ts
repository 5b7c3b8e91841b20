/** One HTTP request to the central system, as the transport sends it. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** An HTTP answer of any status, its body read in full (within the size bound). */
export interface TransportAnswer {
  readonly kind: 'answer';
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** Why no answer came; `requestWritten` says whether any byte of the request may have reached the server. */
export interface TransportFailure {
  readonly kind: 'failed';
  readonly reason: 'connection' | 'timeout' | 'aborted' | 'too-large';
  readonly requestWritten: boolean;
  /** For logs: an error code or a short reason, never a body. */
  readonly detail: string;
}

export type TransportOutcome = TransportAnswer | TransportFailure;

/** Sends one request; never throws (every failure is a `TransportFailure`). */
export interface CentralTransport {
  send(request: TransportRequest): Promise<TransportOutcome>;
  /** Ends the kept-alive connections. */
  close(): void;
}
