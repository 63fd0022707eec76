/** Built-in transports by name; each library-backed one loads its library only when it sends. */
import { NodeHttpTransport, type Transport, type TransportChoice } from './transport.js';
import { AxiosTransport } from './transport-axios.js';
import { UndiciTransport } from './transport-undici.js';

/** A transport by name (the default is 'http'); your own object is used as given. */
export function createTransport(choice: TransportChoice = 'http'): Transport {
  if (typeof choice === 'object' && choice !== null && typeof choice.send === 'function') return choice;
  switch (choice) {
    case 'http':
      return new NodeHttpTransport();
    case 'undici':
      return new UndiciTransport();
    case 'axios':
      return new AxiosTransport();
    default:
      throw new RangeError(`transport must be 'http', 'undici', 'axios' or an object with send(), got ${JSON.stringify(choice)}`);
  }
}
