/** One numbered schema step: the shape every store shares (kernel/migrations.ts). */
export type { Migration } from '../../../kernel/migrations';
