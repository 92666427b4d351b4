-- wrk script: POST a Mattermost outgoing webhook (form-encoded) with a fresh post id each time.
local alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"
local token = os.getenv("BENCH_TOKEN") or "benchtokenbenchtokenbenchto"

local function new_id()
  local t = {}
  for i = 1, 26 do
    local k = math.random(1, 32)
    t[i] = alphabet:sub(k, k)
  end
  return table.concat(t)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local body = "channel_id=hawos4dqtby53pd64o4a4cmeoo&channel_name=ventas&file_ids=" ..
    "&post_id=" .. new_id() .. "&team_domain=acme&team_id=kwoknj9nwpypzgzy78wkw516qe" ..
    "&text=%40monto+1500+%40cliente+Juan+%40tubos+5&timestamp=1732500000&token=" .. token ..
    "&trigger_word=&user_id=rnina9994bde8mua79zqcg5hmo&user_name=juan.vendedor"
  return wrk.format("POST", "/mattermost/webhook",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
