/**
 * The server-side scripts. Each runs atomically inside Redis, so no other process can read or write
 * a bucket between a check and what follows from it, and each reads the time from the Redis server
 * (`TIME`), so machines whose clocks disagree still agree on every window.
 *
 * The accounting is core's MemoryRateLimitStore's, exactly: a request's slot is planned (RESERVE),
 * checked again right before the request is sent and counted as sent from that moment (CONFIRM),
 * and counted until one window after its reply came (SETTLE). A request arrives at the exchange
 * after its CONFIRM ran and before its SETTLE runs, so one that is sent only when everything sent
 * before it either still counts or was answered a full window ago cannot share an exchange window
 * with more than the limit — whatever delays the network, the event loop or the garbage collector
 * of any process added. Planning uses an estimate (the window plus the limiter's margin) and only
 * decides how long to sleep; CONFIRM decides.
 *
 * A bucket is two keys: a hash of slots (field: the request's id; value
 * `state|at|cost|window|margin|end`, state `p` planned, `s` sent, `e` ended; plus `#total`, the cost
 * of the slots it holds, and `#newest`, its latest slot time) and a sorted set of the same ids
 * scored by the time until which each slot is kept. A sent slot whose reply is never reported (its
 * process died) is kept `inFlightMs` plus a window after it went. Numbers cross the Lua boundary
 * as `%.17g` strings, which round-trip doubles exactly (Redis would truncate a Lua number reply to
 * an integer).
 */
import { createHash } from 'node:crypto';

const COMMON = `
local function num(x) return string.format('%.17g', x) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000

local function decode(text)
  local state, at, cost, window, margin, finish = string.match(text, '^(%a)|([^|]+)|([^|]+)|([^|]+)|([^|]+)|([^|]*)$')
  return { state = state, at = tonumber(at), cost = tonumber(cost), window = tonumber(window), margin = tonumber(margin), finish = tonumber(finish) }
end
local function encode(slot)
  local finish = ''
  if slot.finish then finish = num(slot.finish) end
  return slot.state .. '|' .. num(slot.at) .. '|' .. num(slot.cost) .. '|' .. num(slot.window) .. '|' .. num(slot.margin) .. '|' .. finish
end

-- Until when a slot is kept: a window after its reply; a sent one with no reply yet, inFlight and a
-- window after it went; a planned one, its estimate (the window and the margin after its moment).
local function keptUntil(slot, inFlight)
  if slot.state == 'e' then return slot.finish + slot.window end
  if slot.state == 's' then return slot.at + inFlight + slot.window end
  return slot.at + slot.window + slot.margin
end

local function bucketOf(hash, index, cost, limit, window, margin)
  return { hash = hash, index = index, cost = cost, limit = limit, window = window, margin = margin }
end

-- Slots that can count no more leave; returns the cost the bucket still holds.
local function prune(b)
  local total = tonumber(redis.call('HGET', b.hash, '#total') or '0')
  local gone = redis.call('ZRANGEBYSCORE', b.index, '-inf', num(now))
  if #gone > 0 then
    for _, id in ipairs(gone) do
      local text = redis.call('HGET', b.hash, id)
      if text then
        total = total - decode(text).cost
        redis.call('HDEL', b.hash, id)
      end
    end
    redis.call('ZREMRANGEBYSCORE', b.index, '-inf', num(now))
    redis.call('HSET', b.hash, '#total', num(total))
  end
  return total
end

local function newestOf(b)
  return tonumber(redis.call('HGET', b.hash, '#newest') or '0')
end

local function slotsOf(b, except)
  local slots = {}
  local flat = redis.call('HGETALL', b.hash)
  for i = 1, #flat, 2 do
    local field = flat[i]
    if field ~= except and string.sub(field, 1, 1) ~= '#' then slots[#slots + 1] = decode(flat[i + 1]) end
  end
  return slots
end

-- The earliest moment when used + cost fits, dropping the slots that leave soonest first.
local function fitAfter(counted, used, cost, allowed, from)
  table.sort(counted, function(x, y) return x[1] < y[1] end)
  local at = from
  local i = 1
  while used + cost > allowed and i <= #counted do
    if counted[i][1] > at then at = counted[i][1] end
    used = used - counted[i][2]
    i = i + 1
  end
  return at
end

-- Planning: the earliest moment >= from (and >= the bucket's newest slot, so slots stay in order)
-- with room for the cost, every slot counted until its end as far as it is known now.
local function earliest(b, total, from)
  local at = math.max(from, newestOf(b))
  local allowed = math.max(b.limit, b.cost)
  if total + b.cost <= allowed then return at end
  local counted, used = {}, 0
  for _, slot in ipairs(slotsOf(b, nil)) do
    local untilMs
    if slot.state == 'e' then untilMs = slot.finish + slot.window else untilMs = slot.at + slot.window + slot.margin end
    if untilMs > at then
      used = used + slot.cost
      counted[#counted + 1] = { untilMs, slot.cost }
    end
  end
  return fitAfter(counted, used, b.cost, allowed, at)
end

-- Right before a send: ms the slot must still wait now. Every other slot that went or is due counts,
-- ended ones until a window after their reply, the others for as long as no reply has come (their
-- estimated end, looked at again at least every poll ms).
local function stillToWait(b, id, othersTotal, poll)
  local allowed = math.max(b.limit, b.cost)
  if othersTotal + b.cost <= allowed then return 0 end
  local counted, used = {}, 0
  for _, slot in ipairs(slotsOf(b, id)) do
    local untilMs
    if slot.state == 'e' then
      untilMs = slot.finish + slot.window
    elseif slot.state == 's' or slot.at <= now then
      untilMs = math.max(now + poll, slot.at + slot.window + slot.margin)
    end
    if untilMs and untilMs > now then
      used = used + slot.cost
      counted[#counted + 1] = { untilMs, slot.cost }
    end
  end
  if used + b.cost <= allowed then return 0 end
  return math.max(1, fitAfter(counted, used, b.cost, allowed, now) - now)
end

-- The latest moment of the slots the bucket holds, after the latest one was given back or moved earlier.
local function recomputeNewest(b)
  local newest = 0
  for _, slot in ipairs(slotsOf(b, nil)) do
    if slot.at > newest then newest = slot.at end
  end
  redis.call('HSET', b.hash, '#newest', num(newest))
end

-- Writes a slot (new or changed) and keeps the bucket's total and newest moment.
local function put(b, id, slot, previous, inFlight)
  redis.call('HSET', b.hash, id, encode(slot))
  redis.call('ZADD', b.index, num(keptUntil(slot, inFlight)), id)
  local total = tonumber(redis.call('HGET', b.hash, '#total') or '0')
  if previous then total = total - previous.cost end
  local newest = math.max(newestOf(b), slot.at)
  redis.call('HSET', b.hash, '#total', num(total + slot.cost), '#newest', num(newest))
  if previous and previous.at > slot.at and previous.at >= newest then recomputeNewest(b) end
end

-- The bucket lives as long as its last kept slot; one that holds nothing leaves nothing behind.
local function expire(b)
  local last = redis.call('ZRANGE', b.index, -1, -1, 'WITHSCORES')
  if #last == 0 then
    redis.call('DEL', b.hash, b.index)
    return
  end
  local ttl = math.ceil(tonumber(last[2]) - now) + 1
  redis.call('PEXPIRE', b.hash, ttl)
  redis.call('PEXPIRE', b.index, ttl)
end
`;

/**
 * KEYS: per bucket, its hash and its index. ARGV: id, notBeforeMs (from the server's now),
 * bookAheadMs, maxWaitMs (from notBefore; < 0: none), inFlightMs, pollMs, ticket (1: the caller
 * confirms and settles; 0: it never does), then cost, limit, window (the documented one) and
 * margin per bucket.
 * Plans the request at the moment every bucket has room and books it there. A ticket that can go
 * at once and fits the exact check is booked as sent, so its CONFIRM needs no round trip; a caller
 * that never confirms gets a planned slot, counted until its estimate has passed.
 * Returns {'ok', serverNowMs, waitMs, sent (1/0), usage1, newest1, usage2, newest2, …}: `usage` is the
 * cost a bucket holds after the booking and `newest` its latest slot (server time): what this
 * process knows of it if Redis goes away. Or {'retry', serverNowMs, inMs} when the moment is more
 * than bookAheadMs away, {'refused', serverNowMs, waitMs} when the wait is longer than maxWaitMs
 * (nothing booked in either case).
 */
export const RESERVE_SCRIPT = `${COMMON}
local id = ARGV[1]
local from = now + tonumber(ARGV[2])
local bookAhead, maxWait = tonumber(ARGV[3]), tonumber(ARGV[4])
local inFlight, poll, ticket = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7] == '1'
local buckets, at = {}, from
for i = 1, #KEYS / 2 do
  local p = 7 + 4 * (i - 1)
  local b = bucketOf(KEYS[2 * i - 1], KEYS[2 * i], tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2]), tonumber(ARGV[p + 3]), tonumber(ARGV[p + 4]))
  b.total = prune(b)
  local moment = earliest(b, b.total, from)
  if moment > at then at = moment end
  buckets[i] = b
end
if maxWait >= 0 and at - from > maxWait then return { 'refused', num(now), num(at - now) } end
if at > now + bookAhead then return { 'retry', num(now), num(at - bookAhead - now) } end
local sent = ticket and at <= now
if sent then
  for _, b in ipairs(buckets) do
    if stillToWait(b, id, b.total, poll) > 0 then sent = false break end
  end
end
local reply = { 'ok', num(now), num(at - now), sent and '1' or '0' }
for _, b in ipairs(buckets) do
  local slot = { state = sent and 's' or 'p', at = at, cost = b.cost, window = b.window, margin = b.margin }
  put(b, id, slot, nil, inFlight)
  expire(b)
  reply[#reply + 1] = num(b.total + b.cost)
  reply[#reply + 1] = num(newestOf(b))
end
return reply
`;

/**
 * KEYS: per bucket, its hash and its index. ARGV: id, inFlightMs, pollMs, then cost, limit, window and
 * margin per bucket.
 * Right before the send: if every bucket has room now, the slot is counted as sent from now
 * ({'sent', serverNowMs}); otherwise it moves to the moment the exact check expects room and the
 * caller asks again then ({'wait', serverNowMs, waitMs}). A slot already sent stays as it is; a
 * slot that is gone (its plan lapsed while its process stalled, or Redis lost it) is booked anew.
 */
export const CONFIRM_SCRIPT = `${COMMON}
local id = ARGV[1]
local inFlight, poll = tonumber(ARGV[2]), tonumber(ARGV[3])
local buckets, waitMs = {}, 0
for i = 1, #KEYS / 2 do
  local p = 3 + 4 * (i - 1)
  local b = bucketOf(KEYS[2 * i - 1], KEYS[2 * i], tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2]), tonumber(ARGV[p + 3]), tonumber(ARGV[p + 4]))
  local total = prune(b)
  local text = redis.call('HGET', b.hash, id)
  if text then b.own = decode(text) end
  if b.own and b.own.state ~= 'p' then return { 'sent', num(now) } end
  local others = total
  if b.own then others = total - b.own.cost end
  local bucketWait = stillToWait(b, id, others, poll)
  if bucketWait > waitMs then waitMs = bucketWait end
  buckets[i] = b
end
for _, b in ipairs(buckets) do
  local slot = { state = 's', at = now, cost = b.cost, window = b.window, margin = b.margin }
  if waitMs > 0 then slot.state, slot.at = 'p', now + waitMs end
  put(b, id, slot, b.own, inFlight)
  expire(b)
end
if waitMs > 0 then return { 'wait', num(now), num(waitMs) } end
return { 'sent', num(now) }
`;

/**
 * KEYS: per bucket, its hash and its index. ARGV: id, inFlightMs.
 * The request's reply (or failure) came: a sent slot is counted until one window from now; a slot
 * never sent is given back. Returns serverNowMs.
 */
export const SETTLE_SCRIPT = `${COMMON}
local id, inFlight = ARGV[1], tonumber(ARGV[2])
for i = 1, #KEYS / 2 do
  local b = bucketOf(KEYS[2 * i - 1], KEYS[2 * i], 0, 0, 0, 0)
  local text = redis.call('HGET', b.hash, id)
  if text then
    local slot = decode(text)
    if slot.state == 's' then
      local ended = { state = 'e', at = slot.at, cost = slot.cost, window = slot.window, margin = slot.margin, finish = math.max(now, slot.at) }
      put(b, id, ended, slot, inFlight)
    elseif slot.state == 'p' then
      redis.call('HDEL', b.hash, id)
      redis.call('ZREM', b.index, id)
      local total = tonumber(redis.call('HGET', b.hash, '#total') or '0')
      redis.call('HSET', b.hash, '#total', num(total - slot.cost))
      if slot.at >= newestOf(b) then recomputeNewest(b) end
    end
    expire(b)
  end
end
return num(now)
`;

/**
 * Writes slots this process booked on its own (Redis unreachable, or recovering) into their
 * buckets, so the processes that use Redis count them. KEYS[1]: the namespace's recovery marker;
 * then per bucket its hash and its index. ARGV: graceMs, inFlightMs, then per bucket the slot
 * count and per slot: id, state (`p`, `s` or `e`), at and end as offsets from the server's now
 * (end '' when not known), cost, window, margin. A slot already in Redis is left as it is.
 * With graceMs > 0 the marker is set unless it exists: every process that comes back before it
 * expires stays on its local share until then. Returns the marker's remaining ms (< 0: none).
 */
export const RECORD_SCRIPT = `${COMMON}
local grace, inFlight = tonumber(ARGV[1]), tonumber(ARGV[2])
local p = 3
for i = 1, (#KEYS - 1) / 2 do
  local b = bucketOf(KEYS[2 * i], KEYS[2 * i + 1], 0, 0, 0, 0)
  prune(b)
  local count = tonumber(ARGV[p])
  p = p + 1
  for _ = 1, count do
    local id, state = ARGV[p], ARGV[p + 1]
    local slot = { state = state, at = now + tonumber(ARGV[p + 2]), cost = tonumber(ARGV[p + 4]), window = tonumber(ARGV[p + 5]), margin = tonumber(ARGV[p + 6]) }
    if ARGV[p + 3] ~= '' then slot.finish = now + tonumber(ARGV[p + 3]) end
    p = p + 7
    if slot.cost > 0 and keptUntil(slot, inFlight) > now and redis.call('HEXISTS', b.hash, id) == 0 then put(b, id, slot, nil, inFlight) end
  end
  expire(b)
end
if grace > 0 then redis.call('SET', KEYS[1], '1', 'NX', 'PX', grace) end
return redis.call('PTTL', KEYS[1])
`;

export const RESERVE_SHA1 = sha1(RESERVE_SCRIPT);
export const CONFIRM_SHA1 = sha1(CONFIRM_SCRIPT);
export const SETTLE_SHA1 = sha1(SETTLE_SCRIPT);
export const RECORD_SHA1 = sha1(RECORD_SCRIPT);

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** What RESERVE_SCRIPT knew of a bucket after booking: its cost held and its newest slot (server time). */
export interface BucketUsage {
  usage: number;
  newestMs: number;
}

export type ReserveReply =
  | { status: 'ok'; serverNowMs: number; waitMs: number; sent: boolean; buckets: BucketUsage[] }
  | { status: 'retry'; serverNowMs: number; retryInMs: number }
  | { status: 'refused'; serverNowMs: number; waitMs: number };

function fieldsOf(reply: unknown): [string, number[]] {
  if (!Array.isArray(reply) || reply.some((item) => typeof item !== 'string')) throw new TypeError(`unexpected reply ${String(reply)}`);
  const [status, ...fields] = reply as string[];
  const numbers = fields.map(Number);
  if (status === undefined || !numbers.every(Number.isFinite)) throw new TypeError(`unexpected reply ${reply.join(' ')}`);
  return [status, numbers];
}

/** Reads RESERVE_SCRIPT's reply; anything else is a fault of the server or the script. */
export function parseReserveReply(reply: unknown, buckets: number): ReserveReply {
  const [status, numbers] = fieldsOf(reply);
  const [serverNowMs, ms, sent] = numbers as [number, number, number?];
  if (status === 'retry' && numbers.length === 2) return { status, serverNowMs, retryInMs: ms };
  if (status === 'refused' && numbers.length === 2) return { status, serverNowMs, waitMs: ms };
  if (status === 'ok' && numbers.length === 3 + 2 * buckets) {
    const usage: BucketUsage[] = [];
    for (let i = 3; i < numbers.length; i += 2) usage.push({ usage: numbers[i] as number, newestMs: numbers[i + 1] as number });
    return { status, serverNowMs, waitMs: ms, sent: sent === 1, buckets: usage };
  }
  throw new TypeError(`unexpected reply ${(reply as string[]).join(' ')}`);
}

export type ConfirmReply = { sent: true; serverNowMs: number } | { sent: false; serverNowMs: number; waitMs: number };

export function parseConfirmReply(reply: unknown): ConfirmReply {
  const [status, numbers] = fieldsOf(reply);
  const [serverNowMs, waitMs] = numbers;
  if (status === 'sent' && serverNowMs !== undefined && numbers.length === 1) return { sent: true, serverNowMs };
  if (status === 'wait' && serverNowMs !== undefined && waitMs !== undefined && numbers.length === 2)
    return { sent: false, serverNowMs, waitMs };
  throw new TypeError(`unexpected reply ${(reply as string[]).join(' ')}`);
}

export function parseSettleReply(reply: unknown): number {
  const serverNowMs = typeof reply === 'string' ? Number(reply) : Number.NaN;
  if (!Number.isFinite(serverNowMs)) throw new TypeError(`unexpected reply ${String(reply)}`);
  return serverNowMs;
}

export function parseRecordReply(reply: unknown): number {
  if (typeof reply !== 'number' || !Number.isFinite(reply)) throw new TypeError(`unexpected reply ${String(reply)}`);
  return reply;
}
