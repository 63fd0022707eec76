/**
 * The two server-side scripts. Each runs atomically inside Redis, so no other process can read or
 * write a bucket between the check and the booking, and each reads the time from the Redis server
 * (`TIME`), so machines whose clocks disagree still agree on every window.
 *
 * A bucket is a sorted set of slots in time order. The score of a slot is the running total of the
 * costs booked so far (strictly increasing), and its member is `total|at|cost`. With running totals,
 * "the oldest slot that has to leave the window before `cost` more fits under `limit`" is one
 * ZRANGEBYSCORE (the first slot whose total reaches `total + cost − limit`), not a scan of the
 * window: the same exact sliding window as core's MemoryRateLimitStore, at O(log n) per bucket.
 * Numbers cross the Lua boundary as `%.17g` strings, which round-trip doubles exactly (Redis would
 * truncate a Lua number reply to an integer).
 */
import { createHash } from 'node:crypto';

const COMMON = `
local function num(x) return string.format('%.17g', x) end
local function parse(member)
  local total, at, cost = string.match(member, '^([^|]+)|([^|]+)|([^|]+)$')
  return tonumber(total), tonumber(at), tonumber(cost)
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
`;

/**
 * KEYS: the buckets of one request. ARGV: notBeforeMs (from the server's now), bookAheadMs, then
 * cost, limit, windowMs per bucket.
 * Returns {'ok', serverNowMs, waitMs, usage1, usage2, …} with the slot booked in every bucket at one
 * moment, or {'retry', serverNowMs, inMs} when that moment is more than bookAheadMs away (nothing is
 * booked).
 * `usage` is the cost a bucket holds after the booking, from the oldest slot still in its window to
 * the newest: what this process knows of the bucket if Redis goes away.
 */
export const RESERVE_SCRIPT = `${COMMON}
local at = now + tonumber(ARGV[1])
local bookAhead = tonumber(ARGV[2])
local buckets = {}
for i, key in ipairs(KEYS) do
  local cost = tonumber(ARGV[3 * i])
  local limit = tonumber(ARGV[3 * i + 1])
  local window = tonumber(ARGV[3 * i + 2])
  -- Slots at or before now − window can be in no window from now on: drop them, oldest first.
  while true do
    local oldest = redis.call('ZRANGE', key, 0, 15)
    local expired = 0
    for j = 1, #oldest do
      local _, slotAt = parse(oldest[j])
      if slotAt <= now - window then expired = j else break end
    end
    if expired > 0 then redis.call('ZREMRANGEBYRANK', key, 0, expired - 1) end
    if expired < 16 then break end
  end
  local total, base, earliest = 0, 0, at
  local newest = redis.call('ZRANGE', key, -1, -1)
  if #newest > 0 then
    local lastAt
    total, lastAt = parse(newest[1])
    -- Slots stay in time order: never before the bucket's newest slot.
    if lastAt > earliest then earliest = lastAt end
    local firstTotal, _, firstCost = parse(redis.call('ZRANGE', key, 0, 0)[1])
    base = firstTotal - firstCost
    -- A request costing more than the limit may still go alone.
    local threshold = total + cost - math.max(limit, cost)
    if threshold > base then
      -- The slot whose running total reaches the threshold, and every slot before it, must have left the window.
      local _, mustLeaveAt = parse(redis.call('ZRANGEBYSCORE', key, num(threshold), '+inf', 'LIMIT', 0, 1)[1])
      if mustLeaveAt + window > earliest then earliest = mustLeaveAt + window end
    end
  end
  if earliest > at then at = earliest end
  buckets[i] = { cost = cost, window = window, total = total, base = base }
end
if at > now + bookAhead then return { 'retry', num(now), num(at - bookAhead - now) } end
local reply = { 'ok', num(now), num(at - now) }
for i, key in ipairs(KEYS) do
  local b = buckets[i]
  local total = b.total + b.cost
  if b.cost > 0 then
    redis.call('ZADD', key, num(total), num(total) .. '|' .. num(at) .. '|' .. num(b.cost))
    -- The bucket lives as long as its newest slot is in a window; an idle bucket leaves nothing behind.
    local ttl = math.ceil(at - now + b.window) + 1
    if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
  end
  reply[i + 3] = num(total - b.base)
end
return reply
`;

/**
 * Writes slots that were sent while Redis was unreachable (or are booked locally during recovery)
 * into their buckets, merged in time order, so the processes that use Redis again count them.
 * KEYS[1]: the namespace's recovery marker; KEYS[2..]: buckets. ARGV: graceMs, then per bucket
 * windowMs, count and count × (offsetMs from the server's now, cost).
 * With graceMs > 0 the marker is set unless it exists: every process that comes back before it
 * expires stays on its local share until then. Returns the marker's remaining ms (< 0: none).
 */
export const RECORD_SCRIPT = `${COMMON}
local p = 1
local grace = tonumber(ARGV[p])
p = p + 1
for i = 2, #KEYS do
  local key = KEYS[i]
  local window, count = tonumber(ARGV[p]), tonumber(ARGV[p + 1])
  p = p + 2
  local slots = {}
  for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local _, at, cost = parse(member)
    if at > now - window then slots[#slots + 1] = { at, cost, #slots } end
  end
  for _ = 1, count do
    local at, cost = now + tonumber(ARGV[p]), tonumber(ARGV[p + 1])
    p = p + 2
    if at > now - window and cost > 0 then slots[#slots + 1] = { at, cost, #slots } end
  end
  table.sort(slots, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[3] < b[3]
  end)
  redis.call('DEL', key)
  local total, newest = 0, now
  for _, slot in ipairs(slots) do
    total = total + slot[2]
    redis.call('ZADD', key, num(total), num(total) .. '|' .. num(slot[1]) .. '|' .. num(slot[2]))
    if slot[1] > newest then newest = slot[1] end
  end
  if #slots > 0 then redis.call('PEXPIRE', key, math.ceil(newest - now + window) + 1) end
end
if grace > 0 then redis.call('SET', KEYS[1], '1', 'NX', 'PX', grace) end
return redis.call('PTTL', KEYS[1])
`;

export const RESERVE_SHA1 = sha1(RESERVE_SCRIPT);
export const RECORD_SHA1 = sha1(RECORD_SCRIPT);

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export type ReserveReply =
  | { granted: true; serverNowMs: number; waitMs: number; usage: number[] }
  | { granted: false; serverNowMs: number; retryInMs: number };

/** Reads RESERVE_SCRIPT's reply; anything else is a fault of the server or the script. */
export function parseReserveReply(reply: unknown, buckets: number): ReserveReply {
  if (!Array.isArray(reply) || reply.some((item) => typeof item !== 'string')) throw new TypeError(`unexpected reply ${String(reply)}`);
  const [status, ...fields] = reply as string[];
  const numbers = fields.map(Number);
  const [serverNowMs, ms] = numbers;
  if (serverNowMs === undefined || ms === undefined || !numbers.every(Number.isFinite))
    throw new TypeError(`unexpected reply ${reply.join(' ')}`);
  if (status === 'retry' && numbers.length === 2) return { granted: false, serverNowMs, retryInMs: ms };
  if (status === 'ok' && numbers.length === 2 + buckets) return { granted: true, serverNowMs, waitMs: ms, usage: numbers.slice(2) };
  throw new TypeError(`unexpected reply ${reply.join(' ')}`);
}

export function parseRecordReply(reply: unknown): number {
  if (typeof reply !== 'number' || !Number.isFinite(reply)) throw new TypeError(`unexpected reply ${String(reply)}`);
  return reply;
}
