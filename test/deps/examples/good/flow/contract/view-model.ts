export interface KioskViewModel {
  screen: 'idle' | 'reading';
}
