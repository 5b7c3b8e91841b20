// Planted violation: the PC/SC module outside device/ (pcsc-only-in-device).
import pcsc from 'pcsclite';
export const openReaders = pcsc;
