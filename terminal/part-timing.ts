/** The parts of a reception the terminal can time, for the benchmark and for operators. */
export type ReceptionPart = 'card' | 'certificate' | 'face' | 'central' | 'store';

export type PartTimer = (part: ReceptionPart, milliseconds: number) => void;

/**
 * The same adapter with every method that returns a promise timed under `part` (settled either way).
 * Methods that return anything else pass through untouched.
 */
export function timedPort<T extends object>(target: T, part: ReceptionPart, timer: PartTimer): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result: unknown = (value as (...parameters: unknown[]) => unknown).apply(object, args);
        if (!(result instanceof Promise)) return result;
        return result.finally(() => timer(part, performance.now() - started));
      };
    },
  });
}
