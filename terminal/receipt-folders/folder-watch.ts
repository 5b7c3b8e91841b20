import { watch, type FSWatcher } from 'node:fs';

/**
 * File system events for one folder, as hints: each names a file to look at (or, without a name,
 * asks for a look at the whole folder). Events are not reliable — they are lost on network shares,
 * coalesced, or stop when the folder is replaced — so the service rescans on a timer too, and calls
 * `ensure()` there: a watcher that failed or whose folder vanished is opened again once it is back.
 */
export class FolderWatch {
  private watcher: FSWatcher | undefined;
  private stopped = false;

  constructor(
    private readonly folder: string,
    private readonly onName: (name: string) => void,
    private readonly onRescan: () => void,
  ) {}

  /** Opens the watcher when none is open; true while one is. */
  ensure(): boolean {
    if (this.stopped) return false;
    if (this.watcher !== undefined) return true;
    try {
      const watcher = watch(this.folder, { persistent: false }, (_event, name) => {
        if (typeof name === 'string' && name !== '') this.onName(name);
        else this.onRescan();
      });
      watcher.on('error', () => this.drop(watcher));
      // The folder itself was renamed or removed: events would stop without a word.
      watcher.on('close', () => this.drop(watcher));
      this.watcher = watcher;
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the watcher (its folder went away); the next ensure() opens a new one. */
  reset(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    watcher?.close();
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
  }

  private drop(watcher: FSWatcher): void {
    if (this.watcher !== watcher) return;
    this.watcher = undefined;
    watcher.close();
    this.onRescan();
  }
}
