import type { KioskViewModel } from '../flow/contract/view-model';
export const render = (model: KioskViewModel): string => model.screen;
