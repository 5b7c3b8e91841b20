import type { CardProfile } from '../card-profile';
import { InMemoryCounterStore, type CounterStore } from '../counter-store';
import { VirtualCard } from '../virtual-card';
import { sw } from './card-commands';

/** A card straight after power-on, with its own in-memory counters unless given a store. */
export function poweredCard(profile: CardProfile, counters: CounterStore = new InMemoryCounterStore()): VirtualCard {
  const card = new VirtualCard({ profile, counters });
  card.powerOn();
  return card;
}

/** Sends the commands in order and returns each status word. */
export async function statusWords(card: VirtualCard, ...commands: Uint8Array[]): Promise<string[]> {
  const words: string[] = [];
  for (const commandApdu of commands) words.push(sw(await card.transmit(commandApdu)));
  return words;
}
