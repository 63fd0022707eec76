/**
 * OKX keys belong to one environment: live or demo, on one of three sites (protocols/okx-v5.md
 * §1.1–1.2). When OKX answers 50101 the doctor tries the key in the other environments with the
 * same read, and names the one that accepts it.
 */
import type { Exchange, ExchangeError } from '@exchange-adapters/core';
import { OKX_REGIONS, type Region, type Target } from '../connect.js';
import { type KeyFacts, PROFILES } from './profiles.js';

export const REGION_SITES: Readonly<Record<Region, string>> = { global: 'www.okx.com', eea: 'my.okx.com (EEA)', us: 'app.okx.com (US)' };

export interface OkxEnvironment {
  demo: boolean;
  region: Region;
}

/** A check's outcome before it is printed. */
export interface Finding {
  status: 'pass' | 'fail' | 'skip';
  summary: string;
  fix?: string;
  details?: string[];
}

export interface EnvironmentFinding {
  /** The environment the key works in, with the exchange that proved it, when one was found. */
  working?: { exchange: Exchange; facts: KeyFacts; environment: OkxEnvironment };
  environment: Finding;
  region: Finding;
}

/** `demo trading on www.okx.com` */
export function environmentLabel(environment: OkxEnvironment): string {
  return `${environment.demo ? 'demo trading' : 'live trading'} on ${REGION_SITES[environment.region]}`;
}

/** Demo flipped on the same site first, then the other sites — when they can be reached. */
function candidates(target: Target): OkxEnvironment[] {
  const region = target.region ?? 'global';
  const list: OkxEnvironment[] = [{ demo: !target.demo, region }];
  // With one origin for every host (--base-url) only the demo header can change: the sites are elsewhere.
  if (target.baseUrl === undefined || target.siteUrls !== undefined) {
    for (const other of OKX_REGIONS.filter((site) => site !== region))
      list.push({ demo: target.demo, region: other }, { demo: !target.demo, region: other });
  }
  return list;
}

export async function findOkxEnvironment(
  target: Target,
  open: (overrides: Record<string, unknown>) => Promise<Exchange>,
  refusal: ExchangeError,
  describe: (error: ExchangeError) => string,
): Promise<EnvironmentFinding> {
  const asked: OkxEnvironment = { demo: target.demo, region: target.region ?? 'global' };
  const tried: string[] = [];
  for (const candidate of candidates(target)) {
    const baseUrl = target.siteUrls ? target.siteUrls[candidate.region] : target.baseUrl;
    const exchange = await open({ demo: candidate.demo, region: candidate.region, ...(baseUrl ? { baseUrl } : {}) });
    tried.push(environmentLabel(candidate));
    let facts: KeyFacts;
    try {
      facts = await PROFILES.okx.keyProbe.run(exchange, candidate);
    } catch {
      continue;
    }
    return {
      working: { exchange, facts, environment: candidate },
      environment: demoFinding(asked, candidate),
      region: regionFinding(asked, candidate),
    };
  }
  const sitesTried = candidates(target).length > 1;
  return {
    environment: {
      status: 'fail',
      summary: `OKX says the key belongs to another environment (${describe(refusal)}), and ${
        sitesTried
          ? 'no other live/demo and site pairing accepted it'
          : `${environmentLabel({ ...asked, demo: !asked.demo })} did not accept it either`
      }`,
      fix: refusal.hint,
      details: [
        `tried with the same read: ${tried.join('; ')}`,
        ...(sitesTried ? [] : ['--base-url replaces every OKX host, so the EEA and US sites could not be tried']),
      ],
    },
    region: { status: 'skip', summary: 'not confirmed: the key was not accepted anywhere (see Live vs demo)' },
  };
}

function demoFinding(asked: OkxEnvironment, working: OkxEnvironment): Finding {
  if (working.demo === asked.demo) {
    return { status: 'pass', summary: asked.demo ? 'a demo-trading key, used with demo trading' : 'a live key, used for live trading' };
  }
  return {
    status: 'fail',
    summary: working.demo
      ? 'this is a demo-trading key, used for live trading (OKX answered 50101)'
      : 'this is a live key, used for demo trading (OKX answered 50101)',
    fix: `use ${working.demo ? '--demo (demo: true)' : 'no --demo (demo: false)'}, or create a ${asked.demo ? 'demo-trading key for demo trading' : 'live key for live trading'}`,
  };
}

function regionFinding(asked: OkxEnvironment, working: OkxEnvironment): Finding {
  if (working.region === asked.region)
    return { status: 'pass', summary: `the key works on ${REGION_SITES[asked.region]} (region ${asked.region})` };
  return {
    status: 'fail',
    summary: `the key was created on ${REGION_SITES[working.region]}, but requests went to ${REGION_SITES[asked.region]} (OKX answered 50101)`,
    fix: `use --region ${working.region} (region: '${working.region}'), or create a key on ${REGION_SITES[asked.region]}`,
  };
}
