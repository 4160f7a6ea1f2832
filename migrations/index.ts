import { Foundation1763769600000 } from './src/1763769600000-foundation.js';

/** Every migration, oldest first. Append only: never edit one that has landed. */
export const MIGRATIONS = [Foundation1763769600000];
