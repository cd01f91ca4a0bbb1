-- lua/caf.lua - vnetc naming hook: the Cloud Adoption Framework convention.
-- Input: r, one resource (lua/README.md), with r.vars the spec's
-- naming_vars -> its name, <abbreviation>-<workload>-<env>-<region>-<instance>,
-- within Azure's limits for its type (r.maxlen, r.lowercase), and tags.
-- Abbreviations: CAF "Abbreviation recommendations for Azure resources"
-- (ms.date 05/07/2024; docs/azure-notes.md 4.4):
-- https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations
--
--   naming: caf.lua
--   naming_vars:
--     workload: lang        # what the estate is for (default app)
--     env: prod             # default dev
--     region: weu           # default: the resource's location
--     instance: "001"       # default 001
--     existing: rename      # also back ends, plans, apps and their group
--                           # (default: keep)
--     tag_owner: net-team   # tags: workload, environment, and each tag_NAME
--
-- Resources CAF has no abbreviation for keep vnetc's names: private DNS
-- zones (their name is the DNS name), virtual network links. Peerings are
-- peer-<vnet>-to-<remote vnet>. An endpoint's
-- connection takes the endpoint's name and its zone group is "default".
-- Resources that exist already (back ends, plans, apps, an NSG, route
-- table or NAT gateway the spec says exists) keep their names unless
-- existing is "rename": vnetc does not create them, so the
-- convention can only describe what is there. So does the resource group
-- that holds them (r.existing): vnetc looks for them in it.

-- CAF abbreviations by r.kind (docs/azure-notes.md 4.4).
local abbr = {
	rg = "rg", vnet = "vnet", subnet = "snet", peer = "peer", pep = "pep",
	kv = "kv",
	st = "st", sql = "sql", asp = "asp", app = "app",
	nsg = "nsg", rt = "rt", ng = "ng", pip = "pip", id = "id",
	cosmos = "cosmos", sbns = "sbns", appcs = "appcs",
}

-- Cognitive Services: by the account's kind; "cog" (azurecaf's slug)
-- when the kind is not given.
local cognitive = {
	TextAnalytics = "lang", OpenAI = "oai", AIServices = "ais",
	CognitiveServices = "ais",
}

-- Subnets whose names Azure reserves keep them (docs/azure-notes.md 1.3),
-- by key or by the name the spec gives.
local special = {
	gatewaysubnet = true, azurebastionsubnet = true,
	azurefirewallsubnet = true, azurefirewallmanagementsubnet = true,
	routeserversubnet = true,
}

local existing_kinds = {
	kv = true, cog = true, st = true, sql = true, backend = true,
	cosmos = true, sbns = true, appcs = true,
	asp = true, app = true,
}

-- Kinds vnetc creates, or attaches when the spec says existing: true
-- (r.existing); those attached keep their names as the others do.
local attached_kinds = {rg = true, nsg = true, rt = true, ng = true,
	id = true}

-- lowercase; anything but letters and digits becomes one hyphen
local function clean(s)
	s = string.lower(s or "")
	if s:find("[^a-z0-9]") then
		s = s:gsub("[^a-z0-9]+", "-"):gsub("^%-", ""):gsub("%-$", "")
	end
	return s
end

-- k without the word w where it only repeats the kind: "vnet-hub",
-- "hub-vnet" and "vnet" give "hub", "hub" and ""; "vnet00042" gives
-- "00042".
local function strip(k, w)
	local n = #w
	if k == w then
		return ""
	elseif k:sub(1, n + 1) == w .. "-" then
		return k:sub(n + 2)
	elseif k:sub(-n - 1) == "-" .. w then
		return k:sub(1, -n - 2)
	elseif k:sub(1, n) == w and k:find("^%d", n + 1) then
		return k:sub(n + 1)
	end
	return k
end

-- The part of a key that says more than its kind, memoized: subnets'
-- keys repeat in every VNet of an estate.
local purposes = {}
local function purpose(key, w1, w2)
	local memo = purposes[w1 .. "/" .. w2]
	if not memo then
		memo = {}
		purposes[w1 .. "/" .. w2] = memo
	end
	local p = memo[key]
	if not p then
		p = strip(strip(clean(key), w1), w2)
		memo[key] = p
	end
	return p
end

-- FNV-1a over the name, four base-36 characters: a truncated name stays
-- unique and is the same on every run.
local function hash4(s)
	local h = 2166136261
	for i = 1, #s do
		h = ((h ~ s:byte(i)) * 16777619) & 0xffffffff
	end
	local digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
	for _ = 1, 4 do
		local d = h % 36
		out = out .. digits:sub(d + 1, d + 1)
		h = h // 36
	end
	return out
end

-- Fit name into r.maxlen: cut, then add a hash of the whole name so two
-- long names that share a beginning stay apart; say so on stderr.
local function fit(r, name, sep)
	if #name <= r.maxlen then
		return name
	end
	local keep = r.maxlen - 4 - #sep
	local short = name:sub(1, keep):gsub("%-+$", "") .. sep .. hash4(name)
	print(string.format("%s '%s': '%s' is %d characters, over %s's %d; "
	    .. "using '%s'", r.kind, r.key, name, #name, r.type, r.maxlen,
	    short))
	return short
end

-- naming_vars, read and checked once: an unknown key is a typo.
local known = {workload = true, env = true, region = true, instance = true,
	existing = true}
local conf
local function config(r)
	if conf then
		return conf
	end
	for k in pairs(r.vars) do
		if not known[k] and k:sub(1, 4) ~= "tag_" then
			error("caf.lua: unknown naming_vars key '" .. k ..
			    "' (known: workload, env, region, instance, " ..
			    "existing, tag_NAME)")
		end
	end
	local v = r.vars
	local existing = v.existing or "keep"
	assert(existing == "keep" or existing == "rename",
	    "caf.lua: naming_vars existing is keep or rename")
	conf = {
		workload = clean(v.workload or "app"),
		env = clean(v.env or "dev"),
		region = v.region and clean(v.region),
		instance = clean(v.instance or "001"),
		rename = existing == "rename",
		tails = {},
	}
	return conf
end

-- "-<env>-<region>-<instance>", per location
local function tail(c, location)
	local t = c.tails[location]
	if not t then
		local region = c.region or clean(location)
		t = "-" .. c.env .. "-" .. region .. "-" .. c.instance
		c.tails[location] = t
	end
	return t
end

function name(r)
	local kind = r.kind
	if kind == "pdnsz" or kind == "link" then
		return nil
	elseif kind == "pec" then
		return r.parent
	elseif kind == "zonegroup" then
		return "default"
	end
	local c = config(r)
	-- the resource group too, when it holds them (r.existing)
	if not c.rename and (existing_kinds[kind] or
	    attached_kinds[kind] and r.existing) then
		return nil
	end
	local key = r.key
	if kind == "subnet" and (special[string.lower(key)] or
	    special[string.lower(r.name or "")]) then
		return nil
	end
	local a = abbr[kind]
	if kind == "cog" then
		a = cognitive[r.cognitive_kind or ""] or "cog"
	elseif a == nil then
		a = clean(kind)
	end
	local t = tail(c, r.location)
	local n
	if kind == "subnet" then
		local p = purpose(key, "subnet", "snet")
		n = a .. (p ~= "" and "-" .. p or "") .. t
	elseif kind == "peer" then
		-- unique per VNet, so no tail: peer-<vnet>-to-<remote vnet>
		local function side(k)
			local p = purpose(k, "vnet", "vnet")
			return p ~= "" and p or clean(k)
		end
		return fit(r, a .. "-" .. side(r.vnet_key) .. "-to-" ..
		    side(r.remote_vnet_key), "-")
	elseif kind == "pep" then
		local e = r.endpoint
		n = a .. "-" .. clean(r.target_key) .. (e > 1 and "-" .. e or "")
		    .. "-" .. c.workload .. t
	else -- rg, vnet, back ends, asp, app
		-- Several of a kind (r.count) are told apart by their keys,
		-- not by numbers: a key stays when the spec's order changes.
		local p = r.count > 1 and purpose(key, kind, a) or ""
		n = a .. "-" .. c.workload .. (p ~= "" and "-" .. p or "") .. t
	end
	if kind == "st" then
		-- storage: lowercase letters and digits only
		return fit(r, (n:gsub("%-", "")), "")
	end
	return fit(r, n, "-")
end

-- The tags depend on naming_vars alone, the same for every resource: made
-- once (vnetc copies what tags() returns, so one table serves them all).
local tagset
function tags(r)
	if tagset then
		return tagset
	end
	local v, t = r.vars, {}
	if v.workload then
		t.workload = v.workload
	end
	t.environment = v.env or "dev"
	for k, value in pairs(v) do
		if k:sub(1, 4) == "tag_" and #k > 4 then
			t[k:sub(5)] = value
		end
	end
	tagset = t
	return t
end
