-- A different query string on every request: the page is rendered from the
-- database each time (a cache miss), to show what the cache saves.
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?n=" .. n)
end
