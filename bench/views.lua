-- views.lua: wrk script: POST /lessons/{id}/views cycling over the
-- lessons listed in the file given (one id a line), prepared by
-- bench/views.sh: the first pass over them is new views, the rest repeats.
local lessons = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		lessons[#lessons + 1] = line
	end
	i = math.random(#lessons)
end

function request()
	i = i % #lessons + 1
	return wrk.format("POST", "/api/v1/lessons/" .. lessons[i] .. "/views",
		wrk.headers, "")
end
