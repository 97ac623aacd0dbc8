// Child process of importJson.test.ts: imports a JSON history and kills itself with
// SIGKILL in the middle of the import's second transaction, as a crash would.
import { HistoryStore } from '../historyStore';

const [dir, killAt] = process.argv.slice(2) as [string, string];
let inserted = 0;
const store = new HistoryStore(dir, {
  onImport: () => {
    inserted += 1;
    if (inserted === Number(killAt)) process.kill(process.pid, 'SIGKILL');
  },
});
await store.ready();
