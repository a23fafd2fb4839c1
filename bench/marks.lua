-- marks.lua: wrk script: PUT 30 formative marks per request, cycling over
-- the lessons and pupils prepared by bench/journal.sh in marks.txt
-- (lines "lesson_id pupil_id pupil_id ... (30)").
local lessons = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		local ids = {}
		for id in line:gmatch("%d+") do ids[#ids + 1] = id end
		lessons[#lessons + 1] = ids
	end
	i = math.random(#lessons)
end

function request()
	i = i % #lessons + 1
	local ids = lessons[i]
	local parts = {}
	local v = math.random(1, 10)
	for k = 2, #ids do
		parts[#parts + 1] = '{"student_id":' .. ids[k] ..
			',"kind":"formative","value":' .. ((v + k) % 10 + 1) .. '}'
	end
	-- a header table of our own replaces wrk's -H headers: keep them
	local h = { ["Content-Type"] = "application/json" }
	for k, v in pairs(wrk.headers) do h[k] = v end
	return wrk.format("PUT", "/api/v1/lessons/" .. ids[1] .. "/marks", h,
		'{"marks":[' .. table.concat(parts, ",") .. ']}')
end
