// The flow's only source of time (flow/ is pure: it never reads the system clock). Types only.

export interface Clock {
  /** The current wall-clock time: check times of certificates, timestamps of receptions. */
  now(): Date;
}
