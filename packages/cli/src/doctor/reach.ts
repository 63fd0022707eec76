/**
 * Can this machine reach the exchange? For the real hosts: DNS resolution, then a TLS handshake that
 * verifies the certificate — the two steps that fail behind a broken resolver, a firewall or an
 * intercepting proxy. Nothing is sent over the connection.
 */
import { promises as dns } from 'node:dns';
import tls from 'node:tls';

export interface HostTarget {
  host: string;
  port: number;
  /** What the adapter uses the host for: `REST`, `WebSocket`, `REST (futures)`. */
  purpose: string;
}

export interface HostReach {
  target: HostTarget;
  ok: boolean;
  addresses: string[];
  /** Time of the TLS handshake. */
  handshakeMs?: number;
  /** Certificate expiry, ISO date. */
  certificateValidTo?: string;
  problem?: string;
  fix?: string;
}

/** The network the check uses; tests give a resolver and a CA of their own. */
export interface Network {
  lookup(host: string): Promise<string[]>;
  /** Extra trusted CA certificates (PEM) for the handshake. */
  ca?: string;
}

export const SYSTEM_NETWORK: Network = {
  lookup: async (host) => (await dns.lookup(host, { all: true })).map((entry) => entry.address),
};

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

const INTERCEPTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

function tlsProblem(target: HostTarget, error: unknown): { problem: string; fix: string } {
  const code = errorCode(error);
  const where = `${target.host}:${target.port}`;
  if (code === 'ECONNREFUSED')
    return { problem: `${where} refused the connection`, fix: 'a firewall or the network refuses this port; try another network' };
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT')
    return { problem: `no answer from ${where}`, fix: 'a firewall may drop the traffic; check the network and proxy settings' };
  if (code === 'ECONNRESET')
    return {
      problem: `${where} reset the connection during the TLS handshake`,
      fix: 'something on the path blocks TLS to this host; try another network',
    };
  if (INTERCEPTED.has(code)) {
    return {
      problem: `the certificate of ${where} is not trusted (${code}): something on the path intercepts TLS`,
      fix: 'a corporate proxy or antivirus replaces certificates; trust its CA (NODE_EXTRA_CA_CERTS) or use another network',
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      problem: `the certificate of ${where} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'}`,
      fix: "check this machine's date and time; if they are right, something on the path intercepts TLS",
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return { problem: `the certificate of ${where} is for another name`, fix: 'a proxy or a wrong DNS answer sends this host elsewhere' };
  if (/SSL|TLS|WRONG_VERSION/.test(code))
    return { problem: `${where} did not speak TLS (${code})`, fix: 'a proxy or captive portal answers in its place; check the network' };
  return { problem: `cannot reach ${where} (${code})`, fix: 'check the network, DNS and proxy settings' };
}

function handshake(
  target: HostTarget,
  address: string,
  timeoutMs: number,
  ca: string | undefined,
): Promise<{ ms: number; validTo?: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: address,
      port: target.port,
      servername: target.host,
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
      timeout: timeoutMs,
    });
    const fail = (error: unknown) => {
      socket.destroy();
      reject(error);
    };
    socket.once('secureConnect', () => {
      const validTo = socket.getPeerCertificate()?.valid_to;
      socket.end();
      resolve({ ms: performance.now() - started, validTo: validTo ? new Date(validTo).toISOString().slice(0, 10) : undefined });
    });
    socket.once('timeout', () => fail(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    socket.once('error', fail);
  });
}

/** DNS then TLS for one host. */
export async function reachHost(target: HostTarget, network: Network, timeoutMs: number): Promise<HostReach> {
  let addresses: string[];
  try {
    addresses = await network.lookup(target.host);
  } catch (error) {
    const code = errorCode(error);
    return {
      target,
      ok: false,
      addresses: [],
      problem: `DNS cannot resolve ${target.host} (${code})`,
      fix:
        code === 'ENOTFOUND'
          ? 'the name does not resolve here: check the DNS settings, or whether the exchange is blocked in this country'
          : 'the DNS server did not answer: check the network and DNS settings',
    };
  }
  const address = addresses[0];
  if (address === undefined)
    return { target, ok: false, addresses, problem: `DNS returned no address for ${target.host}`, fix: 'check the DNS settings' };
  try {
    const { ms, validTo } = await handshake(target, address, timeoutMs, network.ca);
    return { target, ok: true, addresses, handshakeMs: ms, ...(validTo ? { certificateValidTo: validTo } : {}) };
  } catch (error) {
    return { target, ok: false, addresses, ...tlsProblem(target, error) };
  }
}

/** HTTPS proxy variables: the library's requests go through them, this check connects directly. */
export function proxyVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].filter((name) => env[name]);
}
