// The simulator in its own process for the rate-limit runs, as an exchange is on another machine:
// the clients' event loop is not shared with the server that stamps arrivals. Talks over IPC.
import { startSimulator } from '@exchange-adapters/simulator';

const sim = await startSimulator({ port: 0, seed: 11 });
process.send({ url: sim.url, credentials: sim.credentials });
process.on('message', (message) => {
  if (message === 'stats') process.send({ stats: Object.fromEntries(['okx', 'weex', 'okex-v1'].map((id) => [id, sim.stats(id)])) });
  if (message === 'close') sim.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
