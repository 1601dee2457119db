// Lua for the live-device leases. Each script runs atomically in Redis, so two nodes attaching,
// detaching or reaping the same agent at once never lose an update, and a reaped lease is
// claimed by exactly one node. Time comes from Redis (TIME), so node clock skew cannot shorten
// or stretch a lease.
//
// Layout (P = key prefix):
//   P agent:<agentId>  hash  d:<deviceId> = "<nodeId>|<expiresAtMs>"   one field per live device
//                            g = grace deadline (ms, the nodes' clock), "0" when none
//                            s = sequence, strictly increasing across Redis restarts (>= TIME in µs)
//   P leases          zset  "<accountId>|<agentId>|<deviceId>" scored by lease expiry, for the reaper
// The agent hash has no TTL on purpose: its existence is how a booting node tells "the cluster
// already knows this agent" from "the cluster is starting" (which earns the boot grace window).

const COMMON = `
local function nowms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function bump(key)
  local t = redis.call('TIME')
  local us = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local n = math.max(tonumber(redis.call('HGET', key, 's') or '0') + 1, us)
  local s = string.format('%.0f', n)
  redis.call('HSET', key, 's', s)
  return s
end
local function census(key, now)
  local live, expired = 0, 0
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, 2) == 'd:' then
      local exp = tonumber(string.match(all[i + 1], '|(%d+)$'))
      if exp > now then live = live + 1 else expired = expired + 1 end
    end
  end
  return live, expired
end
local function state(key, now)
  local live = census(key, now)
  return { live, redis.call('HGET', key, 's') or '0', redis.call('HGET', key, 'g') or '0' }
end
`;

/** KEYS: agent hash, leases zset. ARGV: deviceId, nodeId, ttlMs, zset member. → {live, seq, grace, replacedNode} */
export const ATTACH = `${COMMON}
local now = nowms()
local field = 'd:' .. ARGV[1]
local prev = redis.call('HGET', KEYS[1], field)
local replaced = ''
if prev then
  local owner, exp = string.match(prev, '^(.*)|(%d+)$')
  if owner ~= ARGV[2] and tonumber(exp) > now then replaced = owner end
end
local exp = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], field, ARGV[2] .. '|' .. exp, 'g', '0')
redis.call('ZADD', KEYS[2], exp, ARGV[4])
local seq = bump(KEYS[1])
local live = census(KEYS[1], now)
return { live, seq, '0', replaced }
`;

/**
 * KEYS: agent hash, leases zset. ARGV: deviceId, nodeId, zset member, graceUntil, clean ('1'/'0').
 * Removes the lease only if this node still owns it (a device that moved to another node stays).
 * The grace window starts when the live count reaches zero uncleanly, and a lease that expired
 * without being reaped yet was lost uncleanly too. → {live, seq, grace}
 */
export const DETACH = `${COMMON}
local now = nowms()
local field = 'd:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur or string.match(cur, '^(.*)|') ~= ARGV[2] then return state(KEYS[1], now) end
redis.call('HDEL', KEYS[1], field)
redis.call('ZREM', KEYS[2], ARGV[3])
local live, expired = census(KEYS[1], now)
if live == 0 then
  if ARGV[5] == '0' or expired > 0 then redis.call('HSET', KEYS[1], 'g', ARGV[4]) else redis.call('HSET', KEYS[1], 'g', '0') end
end
bump(KEYS[1])
return state(KEYS[1], now)
`;

/**
 * KEYS: leases zset. ARGV: nodeId, ttlMs, key prefix, then triples accountId, agentId, deviceId.
 * Extends this node's leases; re-creates missing ones (Redis restarted, or this node stalled
 * past its TTL and was reaped). → per triple {code, live, seq, grace}: 0 extended, 1 re-created,
 * 2 lost (another node holds a live lease for this device now).
 */
export const REFRESH = `${COMMON}
local now = nowms()
local exp = now + tonumber(ARGV[2])
local out = {}
for i = 4, #ARGV, 3 do
  local key = ARGV[3] .. 'agent:' .. ARGV[i + 1]
  local field = 'd:' .. ARGV[i + 2]
  local member = ARGV[i] .. '|' .. ARGV[i + 1] .. '|' .. ARGV[i + 2]
  local cur = redis.call('HGET', key, field)
  local owner, cexp = nil, 0
  if cur then owner, cexp = string.match(cur, '^(.*)|(%d+)$') end
  if cur and owner ~= ARGV[1] and tonumber(cexp) > now then
    table.insert(out, { 2, 0, '0', '0' })
  else
    redis.call('HSET', key, field, ARGV[1] .. '|' .. exp)
    redis.call('ZADD', KEYS[1], exp, member)
    if cur and owner == ARGV[1] and tonumber(cexp) > now then
      table.insert(out, { 0, 0, '0', '0' })
    else
      redis.call('HSET', key, 'g', '0')
      bump(key)
      local s = state(key, now)
      table.insert(out, { 1, s[1], s[2], s[3] })
    end
  end
end
return out
`;

/**
 * KEYS: leases zset. ARGV: graceUntil, limit, key prefix. Removes expired leases (dead nodes);
 * an agent left with no live device enters its grace window now unless one already runs.
 * → per touched agent {accountId, agentId, live, seq, grace}
 */
export const REAP = `${COMMON}
local now = nowms()
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local touched, order = {}, {}
for _, m in ipairs(members) do
  redis.call('ZREM', KEYS[1], m)
  local account, agent, device = string.match(m, '^([^|]*)|([^|]*)|(.*)$')
  local key = ARGV[3] .. 'agent:' .. agent
  local cur = redis.call('HGET', key, 'd:' .. device)
  if cur and tonumber(string.match(cur, '|(%d+)$')) <= now then
    redis.call('HDEL', key, 'd:' .. device)
    if not touched[agent] then touched[agent] = account; table.insert(order, agent) end
  end
end
local out = {}
for _, agent in ipairs(order) do
  local key = ARGV[3] .. 'agent:' .. agent
  local live = census(key, now)
  if live == 0 and tonumber(redis.call('HGET', key, 'g') or '0') == 0 then redis.call('HSET', key, 'g', ARGV[1]) end
  bump(key)
  local s = state(key, now)
  table.insert(out, { touched[agent], agent, s[1], s[2], s[3] })
end
return out
`;

/**
 * KEYS: none. ARGV: key prefix, then pairs agentId, graceIfUnknown ('' = leave unknown agents alone).
 * Reads each agent's lease state; an agent the cluster has no record of gets the given grace
 * deadline (the boot grace of SPEC 2.1, or what a node remembered across a Redis restart).
 * → per pair {live, seq, grace}
 */
export const SNAPSHOT = `${COMMON}
local now = nowms()
local out = {}
for i = 2, #ARGV, 2 do
  local key = ARGV[1] .. 'agent:' .. ARGV[i]
  if redis.call('EXISTS', key) == 0 and ARGV[i + 1] ~= '' then
    redis.call('HSET', key, 'g', ARGV[i + 1])
    bump(key)
  end
  table.insert(out, state(key, now))
end
return out
`;
