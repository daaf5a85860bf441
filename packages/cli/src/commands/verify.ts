import type { CommandModule } from 'yargs';

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [];
