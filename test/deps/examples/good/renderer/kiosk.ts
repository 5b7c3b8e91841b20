import type { KioskViewModel } from '../flow/contract/view-model';
import { toHex } from '../kernel/bytes';
export const render = (model: KioskViewModel): string => `${model.screen}${toHex(new Uint8Array())}`;
