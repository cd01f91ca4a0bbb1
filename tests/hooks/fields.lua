-- tests/hooks/fields.lua - checks the fields of r for every kind against
-- tests/naming.sh's spec, and that r and r.vars are read-only views that
-- iterate in a stable order; renames nothing. An assert that fails is a
-- VN401, so the build fails.
local seen = {}

local function check(cond, r, what)
	if not cond then
		error(string.format("%s '%s': %s", r.kind, r.key, what), 2)
	end
end

function name(r)
	seen[r.kind] = (seen[r.kind] or 0) + 1
	check(r.index == seen[r.kind], r, "index counts within the kind")
	check(r.count >= r.index and (r.kind ~= "subnet" or r.count == 3) and
	    (r.kind ~= "pep" or r.count == 4), r, "count")
	check(type(r.name) == "string" and r.name ~= "", r, "name")
	check(type(r.maxlen) == "number" or r.kind == "backend", r, "maxlen")
	check(r.vars.workload == "fields", r, "vars")
	check(not pcall(function() r.vars.x = 1 end), r, "vars is read-only")
	check(not pcall(rawset, r, "x", 1), r, "rawset on r fails")
	check(getmetatable(r) == "read-only", r, "metatable is protected")
	-- pairs: sorted, and the same keys as the fields
	local last, n = "", 0
	for k, v in pairs(r) do
		check(type(k) == "string" and k > last, r, "pairs order")
		-- lists (address_space, zones) are a new view on each read
		check(r[k] == v or type(v) == "userdata", r, "pairs value")
		last, n = k, n + 1
	end
	check(n >= 8, r, "pairs sees the fields")
	if r.kind == "rg" then
		check(r.name == "rg-fields" and r.key == "resource_group" and
		    r.location == "westeurope" and r.parent == nil, r, "rg")
		check(r.existing, r, "a group that holds back ends exists")
	elseif r.kind == "vnet" then
		check(r.type == "Microsoft.Network/virtualNetworks", r, "type")
		check(#r.address_space == 1 and r.address_space[1] ==
		    (r.key == "hub" and "10.0.0.0/16" or "10.1.0.0/16"), r,
		    "address_space")
		check(r.location == "northeurope", r, "a VNet's own location")
	elseif r.kind == "subnet" then
		check(r.parent == "vnet-" .. r.vnet_key, r,
		    "parent is the VNet's final name")
		check(#r.address_prefixes == 1, r, "address_prefixes")
		check((r.key == "apps") == (r.delegation ==
		    "Microsoft.Web/serverFarms"), r, "delegation")
		check(r.location == "northeurope", r, "the VNet's location")
	elseif r.kind == "peer" then
		check(r.type == "Microsoft.Network/virtualNetworks/" ..
		    "virtualNetworkPeerings" and r.count == 2 and
		    r.maxlen == 80 and r.location == "northeurope", r, "peer")
		check(r.parent == r.vnet and r.vnet == "vnet-" .. r.vnet_key and
		    r.remote_vnet == "vnet-" .. r.remote_vnet_key and
		    r.vnet_key ~= r.remote_vnet_key, r, "peer's VNets")
		check(r.name == r.vnet_key .. "-to-" .. r.remote_vnet_key, r,
		    "peer's default name")
	elseif r.kind == "kv" then
		check(r.existing and r.global and r.maxlen == 24 and
		    r.type == "Microsoft.KeyVault/vaults", r, "key vault")
	elseif r.kind == "cog" then
		check(r.cognitive_kind == "TextAnalytics", r, "cognitive_kind")
	elseif r.kind == "st" then
		check(r.lowercase and r.global, r, "storage")
	elseif r.kind == "pdnsz" then
		check(r.zone == r.name and r.location == "global", r, "zone")
	elseif r.kind == "link" then
		check(r.parent == r.zone and r.vnet == "vnet-hub" and
		    r.vnet_key == "hub" and r.label ~= nil, r, "link")
	elseif r.kind == "pep" then
		check(r.subnet == "endpoints" and r.vnet == "vnet-hub" and
		    r.location == "northeurope", r, "endpoint placement")
		if r.target_key == "files" then
			check(r.endpoint == seen.pep - 2 and r.group_id ==
			    (r.endpoint == 1 and "blob" or "file") and
			    r.target == "stfields01", r, "storage endpoints")
		end
	elseif r.kind == "pec" or r.kind == "zonegroup" then
		check(r.parent ~= nil and r.target_key ~= nil, r, "child")
		if r.kind == "zonegroup" then
			check(#r.zones >= 1 and r.zones[1]:match("^privatelink%."),
			    r, "zones")
		end
	elseif r.kind == "asp" then
		check(r.sku == "P1v3" and r.existing, r, "plan")
	elseif r.kind == "app" then
		check(r.plan == "plan-fields" and r.plan_key == "plan", r, "app")
	end
	return nil
end

function tags(r)
	check(r.kind == "rg" or r.kind == "vnet" or r.kind == "pdnsz" or
	    r.kind == "link" or r.kind == "pep", r, "tags() only where tags go")
	return nil
end
