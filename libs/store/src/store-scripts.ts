/**
 * The store's atomic operations as Lua scripts: each checks the precondition, takes the next
 * revision, writes the object and appends the change to the change log in one step, so a write
 * and its event can never be separated. Objects are stored as a hash {v: JSON without
 * resourceVersion, rv: revision}; the revision is the change-log entry id (`<rev>-0`).
 *
 * Return codes: {rev} on success, {-1, currentRv} on a resourceVersion conflict / already exists,
 * {-2} when the object does not exist.
 */

/** KEYS: object, index, revision, changelog. ARGV: member, json, traceparent, maxlen, segment. */
export const createScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {-1, redis.call('HGET', KEYS[1], 'rv')}
end
local rev = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'rv', rev)
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[4], rev .. '-0',
  't', 'ADDED', 'r', ARGV[5], 'k', ARGV[1], 'o', ARGV[2], 'tp', ARGV[3])
return {rev}
`;

/**
 * KEYS: object, index, revision, changelog. ARGV: member, json, expectedRv ('' = any), traceparent, maxlen, segment.
 * MODIFIED entries also carry the previous state (`p`, `pv`): a filtered watch needs it to tell an
 * object entering its selector (ADDED) or leaving it (DELETED), as Kubernetes' watch cache does.
 */
export const updateScript = `
local current = redis.call('HGET', KEYS[1], 'rv')
if not current then return {-2} end
if ARGV[3] ~= '' and current ~= ARGV[3] then return {-1, current} end
local previous = redis.call('HGET', KEYS[1], 'v')
local rev = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'rv', rev)
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], rev .. '-0',
  't', 'MODIFIED', 'r', ARGV[6], 'k', ARGV[1], 'o', ARGV[2], 'p', previous, 'pv', current, 'tp', ARGV[4])
return {rev}
`;

/**
 * KEYS: object, index, revision, changelog. ARGV: member, expectedRv, traceparent, maxlen, segment.
 * The DELETED event carries the object's last state, as Kubernetes' watch does.
 */
export const deleteScript = `
local current = redis.call('HGET', KEYS[1], 'rv')
if not current then return {-2} end
if ARGV[2] ~= '' and current ~= ARGV[2] then return {-1, current} end
local body = redis.call('HGET', KEYS[1], 'v')
local rev = redis.call('INCR', KEYS[3])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[4], rev .. '-0',
  't', 'DELETED', 'r', ARGV[5], 'k', ARGV[1], 'o', body, 'tp', ARGV[3])
return {rev, body}
`;

/**
 * One consistent page of a list. KEYS: index, revision. ARGV: object key prefix, lex min, lex max,
 * count. Returns {revision, hasMore, member1, rv1, json1, member2, ...}.
 */
export const listScript = `
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]) + 1)
local revision = redis.call('GET', KEYS[2]) or '0'
local count = math.min(#members, tonumber(ARGV[4]))
local out = {revision, #members > count and 1 or 0}
for i = 1, count do
  local fields = redis.call('HMGET', ARGV[1] .. members[i], 'rv', 'v')
  if fields[1] then
    out[#out + 1] = members[i]
    out[#out + 1] = fields[1]
    out[#out + 1] = fields[2]
  end
end
return out
`;
