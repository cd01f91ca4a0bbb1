#!/usr/bin/python3
"""The fake az's store (tests/fakeaz/fake_az.py) for tests/script.sh: the
default spec's vault and Cognitive Services account with network rules, a
bypass and other settings the spec does not name.

usage: acl_seed.py STORE          write the store
       acl_seed.py --check STORE  exit 0 if the lock-down kept all of them
       acl_seed.py --bare STORE   a vault with no properties at all
"""
import json
import sys

P = '/subscriptions/0000/resourcegroups/mykvresourcegroup/providers'
KV = P + '/microsoft.keyvault/vaults/my-language-kv'
CS = P + '/microsoft.cognitiveservices/accounts/my-language-cs'
ACL = {'defaultAction': 'Allow', 'bypass': 'AzureServices, Logging',
       'ipRules': [{'value': '203.0.113.7'}],
       'virtualNetworkRules': [{'id': '/subscriptions/0000/x/subnets/s'}],
       'resourceAccessRules': [{'tenantId': 't', 'resourceId': '/r'}]}


def seed():
    return {
        KV: {'location': 'westeurope', 'tags': {'team': 'x'},
             'properties': {'tenantId': 't', 'enableRbacAuthorization': True,
                            'networkAcls': dict(ACL)}},
        CS: {'location': 'westeurope', 'kind': 'TextAnalytics', 'sku': {'name': 'F0'},
             'properties': {'customSubDomainName': 'my-language-cs', 'disableLocalAuth': True,
                            'publicNetworkAccess': 'Enabled', 'networkAcls': dict(ACL)}}}


def main():
    if sys.argv[1] == '--check':
        store = json.load(open(sys.argv[2], encoding='utf-8'))
        want = seed()
        want[KV]['properties']['networkAcls']['defaultAction'] = 'Deny'
        want[CS]['properties']['publicNetworkAccess'] = 'Disabled'
        ok = True
        for rid in (KV, CS):
            if store.get(rid) != want[rid]:
                print('%s:\n  got  %s\n  want %s' % (rid, json.dumps(store.get(rid), sort_keys=True),
                                                    json.dumps(want[rid], sort_keys=True)))
                ok = False
        return 0 if ok else 1
    if sys.argv[1] == '--bare':
        store = {KV: {'properties': {}}}
        path = sys.argv[2]
    else:
        store, path = seed(), sys.argv[1]
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(store, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
