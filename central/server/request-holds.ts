import type { Socket } from 'node:net';

/**
 * Requests held by injected latency and timeouts. A hold ends after its time, when the client goes
 * away, or when the server stops (releaseAll): nothing is left waiting behind a closed server.
 */
export class RequestHolds {
  private readonly held = new Set<() => void>();

  wait(ms: number, socket: Socket): Promise<void> {
    return new Promise<void>((resolve) => {
      if (ms <= 0 || socket.destroyed) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.held.delete(done);
        socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.held.add(done);
      socket.once('close', done);
    });
  }

  releaseAll(): void {
    for (const release of [...this.held]) release();
  }
}
