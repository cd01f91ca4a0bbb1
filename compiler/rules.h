/* rules.h - every diagnostic rule, once: RULE(id, severity, slug, summary).
 * Expanded into enum rule (diag.h) and the rule table (diag.c). IDs are
 * stable and never reused: VN1xx spec shape, VN2xx addressing, VN3xx
 * references, duplicates and Azure service wiring, VN4xx naming hooks,
 * VN5xx plan. docs/rules.md lists each with a failing example, and
 * `make test` checks that every rule has a tests/bad/ case. */
RULE(VN100, ERROR, "yaml-syntax", "the file is not valid YAML")
RULE(VN101, ERROR, "unknown-key", "a key the spec format does not have")
RULE(VN102, ERROR, "wrong-type", "a value of the wrong YAML type")
RULE(VN103, ERROR, "missing-key", "a required key is absent")
RULE(VN104, ERROR, "bad-value", "a value outside the allowed set")
RULE(VN105, ERROR, "bad-input", "empty, binary or non-UTF-8 input")
RULE(VN106, ERROR, "alias-limit", "YAML aliases expand beyond the limit")
RULE(VN107, ERROR, "bad-version", "unsupported spec format version")
RULE(VN201, ERROR, "bad-cidr", "a malformed address prefix")
RULE(VN202, ERROR, "host-bits", "an address prefix with host bits set")
RULE(VN301, ERROR, "duplicate-name", "two things share one name")
RULE(VN302, ERROR, "dangling-reference", "a reference to nothing")
RULE(VN303, ERROR, "ambiguous-reference", "a reference that matches several things")
RULE(VN304, ERROR, "unknown-parameter", "${name} names no parameter")
RULE(VN305, ERROR, "parameter-cycle", "parameter defaults refer to each other")
RULE(VN306, ERROR, "unknown-private-link", "resource type and group id not in the private DNS zone table")
RULE(VN307, ERROR, "group-id-required", "the type has several group ids: say which")
RULE(VN308, WARN, "arm-left-to-script", "a change the ARM template cannot make safely")
RULE(VN309, ERROR, "unsupported-change", "a change vnetc cannot make for this resource type")
RULE(VN310, ERROR, "zone-placeholder", "a DNS zone needs a value vnetc cannot derive")
RULE(VN501, ERROR, "plan-cycle", "the operations depend on each other in a circle")
