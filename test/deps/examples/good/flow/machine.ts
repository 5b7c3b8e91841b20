import { setup } from 'xstate';
import { toHex } from '../kernel/bytes';
import type { CardSession } from './ports/card-session';
export const machine = setup({ types: {} as { context: { session: CardSession | null } } }).createMachine({
  context: { session: null },
});
export const label = toHex(Uint8Array.of(1));
