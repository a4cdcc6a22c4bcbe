import { defineCommand } from 'citty';
export default defineCommand({ meta: { name: 'generate', description: 'Generate pages and data from the registry' }, run() { throw new Error('todo'); } });
