-- overload.lua: wrk script: GET the paths listed in the file given (one a
-- line), in turn: the parent's /me and each child's diary and marks,
-- prepared by bench/overload.sh.
local paths = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		paths[#paths + 1] = line
	end
	i = math.random(#paths)
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
