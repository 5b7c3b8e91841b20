import type { Catalogue, Language } from './catalogue';
import { en } from './en';
import { ja } from './ja';
import { ko } from './ko';
import { vi } from './vi';
import { zh } from './zh';

/** Every language's catalogue, Japanese first. */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { ja, en, zh, ko, vi };
