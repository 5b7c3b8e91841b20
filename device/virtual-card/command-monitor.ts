/**
 * "Command received": listeners run synchronously when a command reaches the card, before it
 * executes, so a test can act at that instant (pull the card, resolve a latency hook) without sleeping.
 */
export type CommandListener = (commandApdu: Uint8Array) => void;

export class CommandMonitor {
  private readonly listeners = new Set<CommandListener>();
  private received = 0;

  /** Commands received since the card was built. */
  get count(): number {
    return this.received;
  }

  onCommand(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next command received (that satisfies `wanted`, when given). */
  nextCommand(wanted: (commandApdu: Uint8Array) => boolean = () => true): Promise<Uint8Array> {
    return new Promise((resolve) => {
      const stop = this.onCommand((commandApdu) => {
        if (!wanted(commandApdu)) return;
        stop();
        resolve(commandApdu);
      });
    });
  }

  notify(commandApdu: Uint8Array): void {
    this.received += 1;
    for (const listener of [...this.listeners]) listener(commandApdu);
  }
}
