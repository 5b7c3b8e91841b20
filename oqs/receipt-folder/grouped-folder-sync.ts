import type { FolderFileSystem } from './folder-file-system';

/**
 * Flushes a folder's entries for many files written together with as few fsyncs as are safe: a
 * caller's promise resolves after a flush that began after its call (so it covers the caller's new
 * name) has finished. While one flush runs, every caller arriving meanwhile shares the next one.
 */
export class GroupedFolderSync {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly fs: Pick<FolderFileSystem, 'syncFolder'>,
    private readonly folder: string,
  ) {}

  sync(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    if (this.running === undefined) return this.start();
    const after = this.running.then(
      () => undefined,
      () => undefined,
    );
    this.queued = after.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<void> {
    const run = this.fs.syncFolder(this.folder).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
