/** Waits `ms` or until `signal` aborts; resolves false when aborted. Injected so tests never wait on time. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<boolean>;

export const timerWait: Wait = (ms, signal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
