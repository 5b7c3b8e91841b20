import { setup } from 'xstate';
import type { CardSession } from './ports/card-session';
export const machine = setup({ types: {} as { context: { session: CardSession | null } } }).createMachine({
  context: { session: null },
});
