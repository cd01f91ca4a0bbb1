#!/usr/bin/python3
"""Seed for tests/mockarm/server.py from a spec: the resources the spec
calls existing (back ends but those it creates, plans, apps and their
settings) and its resource groups, so that vnetc apply can run the spec against the mock.
Back ends start public (publicNetworkAccess Enabled, network ACL Allow);
${param}s take their defaults.

usage: seed.py SPEC SUBSCRIPTION > seed.json"""
import json
import re
import sys

import yaml

spec = yaml.safe_load(open(sys.argv[1]))
SUB = sys.argv[2]
params = {}
for k, v in (spec.get('parameters') or {}).items():
    params[k] = str(v.get('default', '') if isinstance(v, dict) else v)


def ev(s):
    for _ in range(10):
        s = re.sub(r'\$\{(\w+)\}', lambda m: params.get(m.group(1), SUB
                   if m.group(1) == 'vnetc_subscription' else ''), str(s))
    return s


home_sub = ev(spec.get('subscription', SUB))
loc = spec['location']
seed = {}


def rid(d, typ, name):
    sub = ev(d.get('subscription', home_sub))
    rg = ev(d.get('resource_group', spec['resource_group']))
    return '/subscriptions/%s/resourceGroups/%s/providers/%s/%s' % (
        sub, rg, typ, name)


def group_of(i):
    seed[i.split('/providers/')[0]] = {'location': loc}
    # its subscription, which vnetc apply reads before a scope's writes
    seed['/'.join(i.split('/')[:3])] = {'properties': {}}


group_of(rid({}, 'x', 'x'))
for v in (spec.get('vnets') or {}).values():
    if isinstance(v, dict) and 'existing' not in v:
        group_of(rid(v, 'x', 'x'))
    elif isinstance(v, dict) and isinstance(v['existing'], str):
        # a platform's hub: there, with the space the spec gives it
        i = ev(v['existing'])
        seed[i] = {'location': loc, 'properties': {
            'addressSpace': {'addressPrefixes': [v['address_space']]},
            'subnets': []}}
        group_of(i)
# Central zones (dns:, existing): the zone of each back end's type, for
# the types of the specs in specs/ (vnetc's table: compiler/privatelink.c)
CENTRAL = {'Microsoft.Sql/servers': 'privatelink.database.windows.net',
           'Microsoft.KeyVault/vaults': 'privatelink.vaultcore.azure.net'}
dz = (spec.get('dns') or {}).get('zones') or {}
if dz.get('resource_group') and dz.get('existing', True):
    for b in (spec.get('backends') or {}).values():
        t = b.get('type') or ev(b['id']).split('/providers/')[1].rsplit('/', 1)[0]
        i = rid(dz, 'Microsoft.Network/privateDnsZones', CENTRAL[t])
        seed[i] = {'location': 'global'}
        group_of(i)
for k, b in (spec.get('backends') or {}).items():
    i = ev(b['id']) if 'id' in b else rid(b, b['type'], ev(b.get('name', k)))
    if 'create' in b:       # vnetc creates it: only its group is there
        group_of(i)
        continue
    typ = i.split('/providers/')[1].rsplit('/', 1)[0]
    ex = b.get('existing') if isinstance(b.get('existing'), dict) else {}
    body = {'location': loc, 'properties': {'publicNetworkAccess': 'Enabled'}}
    if typ == 'Microsoft.KeyVault/vaults':
        body['properties'] = {'tenantId': '00000000-0000-0000-0000-00000000000a',
                              'sku': {'family': 'A', 'name': ex.get('sku', 'standard')},
                              'enableRbacAuthorization': True,
                              'networkAcls': {'defaultAction': 'Allow',
                                              'bypass': 'AzureServices'}}
    if typ == 'Microsoft.CognitiveServices/accounts':
        body['kind'] = ex.get('kind', 'CognitiveServices')
        body['sku'] = {'name': str(ex.get('sku', 'S0'))}
        body['properties']['customSubDomainName'] = i.rsplit('/', 1)[1]
    if typ == 'Microsoft.Storage/storageAccounts':
        body['properties']['networkAcls'] = {'defaultAction': 'Allow'}
    if typ == 'Microsoft.ServiceBus/namespaces':
        body['sku'] = {'name': 'Premium'}
    if typ == 'Microsoft.DocumentDB/databaseAccounts':
        # its firewall as Azure answers an account without one
        body['properties'].update({'isVirtualNetworkFilterEnabled': False,
                                   'ipRules': [], 'virtualNetworkRules': []})
    seed[i] = body
    group_of(i)
farms = {}
for k, p in (spec.get('plans') or {}).items():
    i = rid(p, 'Microsoft.Web/serverfarms', ev(p.get('name', k)))
    ex = p.get('existing') if isinstance(p.get('existing'), dict) else {}
    linux = ex.get('os') == 'linux'
    if 'create' in p:       # vnetc creates it, and its apps
        farms[k] = None
        group_of(i)
        continue
    seed[i] = {'location': loc, 'kind': 'linux' if linux else 'app',
               'sku': {'name': 'B1'}, 'properties': {'reserved': linux}}
    if 'instances' in p:    # scaled by hand to as many as the spec says
        seed[i]['sku']['capacity'] = int(p['instances'])
    farms[k] = (i, linux)
    group_of(i)
for k, a in (spec.get('apps') or {}).items():
    i = rid(a, 'Microsoft.Web/sites', ev(a.get('name', k)))
    if 'create' in a or not farms[a['plan']]:
        group_of(i)
        continue
    farm, linux = farms[a['plan']]
    seed[i] = {'location': loc, 'kind': 'app,linux' if linux else 'app',
               'identity': {'type': 'SystemAssigned'},
               'properties': {'serverFarmId': farm, 'httpsOnly': False}}
    # a value import must never write (tests/import.sh looks for it)
    seed[i + '/config/appsettings'] = {'properties': {
        'LEGACY_PASSWORD': 'n0t-for-specs-' + k}}
    group_of(i)
json.dump(seed, sys.stdout, indent=1, sort_keys=True)
