-- A different query string on every request: the page is rendered from the
-- database each time (a cache miss), to show what the cache saves. Each wrk
-- thread runs its own copy of this script, so the thread's number is part of
-- the query: with n alone, two threads asked for the same URLs and about half
-- the "misses" were answered from the cache.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?t=" .. tid .. "&n=" .. n)
end
