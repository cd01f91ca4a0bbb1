/* lua_fuzz.c - libFuzzer target for the naming-hook runner (naming.c):
 * the input is the Lua text of a naming hook, run on a fixed spec that
 * has every kind of resource vnetc names (a peered pair of VNets,
 * subnets, endpoints of three back ends, zones and links, a plan, an
 * app), then the plan is built from the names it gave. Diagnostics are
 * silenced: a hook that fails is a VN40x, not a bug. A crash, a
 * sanitizer report, a leak, an exit (die) or a run past libFuzzer's
 * timeout is. Built with lower sandbox limits (the Makefile's FUZZ_DEFS:
 * 20,000 instructions and 10 ms of CPU a call, 4 MiB) so that an endless
 * loop ends in a millisecond rather than after a real hook's 10 million
 * instructions or 1 s. */
#include <stdint.h>
#include <stdlib.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* Hooks build strings of megabytes, which ASan's 256 MB quarantine of
 * freed memory turns into an mmap and munmap per block: 16 MB gave 40%
 * more executions a second and a third of the RSS (1,180 against 840
 * exec/s, 430 against 1,100 MB). ASAN_OPTIONS still overrides it. */
const char *
__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

static const char spec[] =
    "vnetc: 1\n"
    "resource_group: rg-fuzz\n"
    "location: westeurope\n"
    "naming: fuzz.lua\n"
    "naming_vars: {workload: fuzz, env: test}\n"
    "parameters:\n"
    "  vaultName: {default: kv-fuzz}\n"
    "vnets:\n"
    "  hub:\n"
    "    address_space: 10.0.0.0/16\n"
    "    subnets:\n"
    "      apps: {prefix: 10.0.0.0/24, delegation: "
    "Microsoft.Web/serverFarms}\n"
    "      endpoints: {prefix: 10.0.1.0/24}\n"
    "  spoke:\n"
    "    address_space: 10.1.0.0/16\n"
    "    peerings: [hub]\n"
    "    subnets:\n"
    "      GatewaySubnet: {prefix: 10.1.0.0/27}\n"
    "backends:\n"
    "  vault:\n"
    "    type: Microsoft.KeyVault/vaults\n"
    "    name: ${vaultName}\n"
    "    existing: {sku: standard, rbac_authorization: true}\n"
    "    public_access: disabled\n"
    "    private_endpoints: [{subnet: endpoints, dns_links: [spoke]}]\n"
    "  lang:\n"
    "    type: Microsoft.CognitiveServices/accounts\n"
    "    name: cog-fuzz\n"
    "    existing: {kind: TextAnalytics, sku: S0}\n"
    "    private_endpoints: [{subnet: endpoints}]\n"
    "  files:\n"
    "    type: Microsoft.Storage/storageAccounts\n"
    "    name: stfuzz01\n"
    "    private_endpoints:\n"
    "      - {subnet: endpoints, group_id: blob, name: pe-blob}\n"
    "      - {subnet: endpoints, group_id: file, name: pe-file}\n"
    "plans:\n"
    "  plan: {sku: P1v3, existing: {os: linux}}\n"
    "apps:\n"
    "  web:\n"
    "    plan: plan\n"
    "    vnet_integration: apps\n"
    "    existing: {identity: SystemAssigned}\n"
    "    app_settings: {KV: \"https://${vaultName}.vault.azure.net/\"}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_stream(NULL);
	diag_reset();
	struct spec *s = spec_load_mem("fuzz.yaml", spec, sizeof(spec) - 1,
	    NULL, 0);
	if (!s || diag_nerrors())
		abort(); /* the fixed spec must load: a bug in this file */
	s->naming_text = (const char *)data;
	s->naming_len = size;
	check_spec(s);
	if (!diag_nerrors())
		naming_apply(s);
	if (!diag_nerrors())
		plan_build(s);
	spec_free(s);
	return 0;
}
