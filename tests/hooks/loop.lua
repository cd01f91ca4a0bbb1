-- tests/hooks/loop.lua - an endless loop: VN402 well under a second.
function name(r)
	while true do
	end
end
