#!/usr/bin/python3
"""The Azure behind the fake az (tests/fakeaz/az), which hands it every call
with its options parsed as az's parser does (--opt=value is --opt value).

One state: $FAKEAZ_STATE/resources.json, {lower-cased resource id: the
resource as ARM keeps it} ({"location": ..., "tags": ..., "sku": ...,
"properties": {...}}), which a test may seed (tests/script/acl_seed.py,
tests/tools/lockdown.py). Every command reads and writes those records:
- each command a generated script uses sets what the real one sets on the
  resource (az network vnet create: properties.addressSpace, ...); an
  update changes only what it was given;
- az's generic 'resource show --ids' and 'resource update --ids --set /
  --remove' act on the same records, so that a change made by hand between
  two runs (tests/script.sh) is one of these;
- a read goes through the jmespath library az uses, over what az shows
  (the resource as ARM returns it for 'resource show'; its properties
  flattened, as their SDK models flatten them, for the network, plan and
  webapp commands), printed as az's --output prints it
  (docs/azure-notes.md 13).

A call with --subscription S acts in /subscriptions/S, which must be in the
store (a seeded "/subscriptions/S" record: the subscriptions the account can
use); without it, in /subscriptions/0000, az's default (FAKEAZ_SUB=S
makes S the default). An option that
takes a name or an id (--remote-vnet, --virtual-network, --private-dns-zone,
--vnet, --subnet) takes either, an id as it is.

Honest: a read returns what an earlier write or the seed stored. What a
script creates (groups, VNets, subnets, peerings, zones, links, endpoints,
zone groups) must exist to be read or changed (ResourceNotFound, exit 3),
and what it creates them in must exist; what the spec says exists (plans,
apps, their settings, back ends) reads as a resource without properties
until something stores them. A command, an option or a queried field that
this model does not know fails (exit 9), so that a script that comes to
rely on more than the model holds is caught.
"""
import json
import os
import re
import sys

import jmespath

sys.dont_write_bytecode = True
# App Service's answers about a site's access restrictions, as the mock ARM
# server gives them: one model of them for both
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'mockarm'))
from server import access_rules  # noqa: E402

# options that take no value (store_true; tests/fakeaz/az's FLAGS), but in
# the commands of VALUED, where --is-linux is a three-state flag that takes
# one (appservice/_params.py 'functionapp plan')
FLAGS = {'--is-linux', '--enable-ad-only-auth', '--is-full-object', '--yes'}
VALUED = {'functionapp plan create'}

# the subscription az is set to (az account set): FAKEAZ_SUB, or 0000
SUB = '/subscriptions/' + os.environ.get('FAKEAZ_SUB', '0000')
HERE = os.path.dirname(os.path.abspath(__file__))

RULE_FIELDS = {'priority', 'direction', 'access', 'protocol', 'description',
               'sourceAddressPrefix', 'sourceAddressPrefixes', 'sourcePortRange',
               'sourcePortRanges', 'destinationAddressPrefix', 'destinationAddressPrefixes',
               'destinationPortRange', 'destinationPortRanges'}
ROUTE_FIELDS = {'addressPrefix', 'nextHopType', 'nextHopIpAddress'}

# The fields each kind of resource has in this model (besides COMMON and
# what its record holds), by the last type segment of its id, lower-cased;
# True: the script creates it, so it must exist to be read or changed.
MODEL = {
    'resourcegroups': (True, set()),
    'virtualnetworks': (True, {'addressSpace', 'addressPrefixes', 'dhcpOptions', 'dnsServers'}),
    'subnets': (True, {'addressPrefix', 'addressPrefixes', 'delegations', 'serviceName',
                       'privateEndpointNetworkPolicies',
                       'privateLinkServiceNetworkPolicies', 'defaultOutboundAccess',
                       'networkSecurityGroup',
                       'routeTable', 'natGateway', 'serviceEndpoints', 'service',
                       'locations'}),
    'virtualnetworkpeerings': (True, {'peeringSyncLevel', 'remoteVirtualNetwork',
                                      'allowVirtualNetworkAccess', 'allowForwardedTraffic',
                                      'allowGatewayTransit', 'useRemoteGateways'}),
    # subnet security (issue 18): rules and routes are kept in their
    # NSG's and table's record, as ARM's GET returns them
    'networksecuritygroups': (True, {'securityRules'} | RULE_FIELDS),
    'routetables': (True, {'routes', 'disableBgpRoutePropagation'} | ROUTE_FIELDS),
    'natgateways': (True, {'publicIpAddresses', 'idleTimeoutInMinutes', 'sku', 'zones'}),
    'publicipaddresses': (True, {'sku', 'zones', 'publicIPAllocationMethod',
                                 'publicIPAddressVersion'}),
    'privatednszones': (True, set()),
    'virtualnetworklinks': (True, {'virtualNetwork', 'registrationEnabled'}),
    'privateendpoints': (True, {'subnet', 'privateLinkServiceConnections',
                                'privateLinkServiceId', 'groupIds'}),
    'privatednszonegroups': (True, {'privateDnsZoneConfigs', 'privateDnsZoneId'}),
    # a created plan's or app's ownership tags (emit_az.c create_block)
    'serverfarms': (False, {'sku', 'managed-by', 'vnetc-spec'}),
    'sites': (False, {'httpsOnly', 'virtualNetworkSubnetId', 'vnetRouteAllEnabled',
                      'publicNetworkAccess',
                      'siteConfig', 'minTlsVersion', 'ftpsState', 'alwaysOn', 'http20Enabled',
                      'linuxFxVersion', 'managed-by', 'vnetc-spec',
                      'keyVaultReferenceIdentity',
                      # a Windows stack's (emit_az.c app_create)
                      'netFrameworkVersion', 'javaVersion', 'javaContainer',
                      'javaContainerVersion', 'powerShellVersion'}),
    # deployment slots of a created app, as its sites (slots.sh)
    'slots': (False, {'httpsOnly', 'virtualNetworkSubnetId', 'vnetRouteAllEnabled',
                      'publicNetworkAccess', 'siteConfig', 'minTlsVersion', 'ftpsState', 'alwaysOn', 'http20Enabled',
                      'linuxFxVersion', 'managed-by', 'vnetc-spec'}),
    'basicpublishingcredentialspolicies': (False, {'allow'}),
    # SQL servers and databases, AI accounts vnetc creates (sqlai.sh): what
    # their commands read besides a back end's (None: backend_fields())
    'servers': (False, {'minimalTlsVersion', 'administrators', None}),
    'databases': (False, {'managed-by', 'vnetc-spec', 'sku'}),
    'accounts': (False, {'disableLocalAuth', 'networkAcls', 'customSubDomainName', None}),
    # config/appsettings, and config/web's access restrictions (access:)
    'config': (False, {'slotSetting', 'value', 'ipSecurityRestrictionsDefaultAction',
                       'appSettingNames',
                       'scmIpSecurityRestrictionsUseMain', 'ipSecurityRestrictions',
                       'scmIpSecurityRestrictions', 'scmIpSecurityRestrictionsDefaultAction',
                       'priority', 'action', 'ipAddress', 'vnetSubnetResourceId'}),
}
COMMON = {'id', 'name', 'type', 'location', 'tags', 'properties', 'provisioningState'}


def backend_fields():
    """What public_access sets on a back end of any type: the property and
    network ACL columns of tests/unit/backtypes.golden (compiler/backtypes.c's
    rows), and the ACL's defaultAction; a firewall's bypass and rules
    (compiler/backtypes.c .fw: the ids of its rules; the members a type
    names otherwise, from its firewall line: a Cosmos DB account's
    networkAclBypass, ipAddressOrRange and isVirtualNetworkFilterEnabled)."""
    out = {'defaultAction', 'bypass', 'ipRules', 'virtualNetworkRules', 'value'}
    with open(os.path.join(HERE, '..', 'unit', 'backtypes.golden'), encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^  firewall: (\w+)=.* ipRules\[\]\.(\w+)\S* '
                         r'virtualNetworkRules\[\]\.([\w.]+)\S* .* deny=(\w+)=', line)
            if m:
                for g in m.groups():
                    out.update(g.split('.'))
            if line.startswith(' '):
                continue
            for prop in re.findall(r' ([A-Za-z.]+)=[^ /]+/', line):
                out.update(prop.split('.'))
            out.update(re.findall(r' acl=(\S+)', line))
    return out


def fail(msg):
    print('fake az: ' + msg, file=sys.stderr)
    sys.exit(9)


RULE_SET = re.compile(r'/providers/microsoft\.(servicebus|eventhub)/namespaces/'
                      r'[^/]+/networkrulesets/default$')


def not_found(what):
    print('(ResourceNotFound) %s was not found.' % what, file=sys.stderr)
    sys.exit(3)


class Store:
    def __init__(self):
        self.path = os.path.join(os.environ['FAKEAZ_STATE'], 'resources.json')
        try:
            with open(self.path, encoding='utf-8') as f:
                seed = json.load(f)
        except FileNotFoundError:
            seed = {}
        # ids are case-insensitive: a seed may spell them as ARM does
        self.res = {k.lower().rstrip('/'): v for k, v in seed.items()}

    def need(self, rid):
        """The record of rid; a resource the spec says exists (not one the
        script creates) reads as one without properties."""
        rec = self.res.get(rid.lower())
        if rec is None and created(rid):
            not_found("The Resource '%s'" % rid)
        if rec is None and rid.lower().endswith('/config/web'):
            # a site's configuration: App Service's default until written
            rec = {'properties': {'scmIpSecurityRestrictionsUseMain': False}}
            access_rules(rec['properties'])
        if RULE_SET.search(rid.lower()):
            # a namespace's firewall: there once the namespace is, the
            # default until written; its publicNetworkAccess is the
            # namespace's own (as the mock ARM server answers it)
            ns = self.need(rid[:-len('/networkRuleSets/default')])
            rec = rec or {'properties': {
                'defaultAction': 'Allow', 'trustedServiceAccessEnabled': False,
                'ipRules': [], 'virtualNetworkRules': []}}
            rec['properties']['publicNetworkAccess'] = ns.get(
                'properties', {}).get('publicNetworkAccess', 'Enabled')
        return {'properties': {}} if rec is None else rec

    def put(self, rid, rec):
        if RULE_SET.search(rid.lower()):
            # what it carries of publicNetworkAccess is the namespace's
            ns = self.need(rid[:-len('/networkRuleSets/default')])
            if 'publicNetworkAccess' in rec.get('properties', {}):
                ns.setdefault('properties', {})['publicNetworkAccess'] = \
                    rec['properties'].pop('publicNetworkAccess')
                self.res[rid.lower()[:-len('/networkrulesets/default')]] = ns
        self.res[rid.lower()] = rec
        with open(self.path, 'w', encoding='utf-8') as f:
            json.dump(self.res, f, indent=1, sort_keys=True)


def kind(rid):
    """The last type segment of an id, lower-cased: resourcegroups,
    virtualnetworks, subnets, ..., or a back end's type name."""
    parts = rid.strip('/').split('/')
    return parts[-2].lower() if len(parts) >= 2 else ''


def created(rid):
    """Whether rid must exist to be read: what scripts create, and the
    kinds FAKEAZ_NEW names (serverfarms,sites: a test whose spec creates
    its plans and apps, so that a show of one not there fails as az's)."""
    return MODEL.get(kind(rid), (False,))[0] or \
        kind(rid) in os.environ.get('FAKEAZ_NEW', '').split(',')


class Call:
    """A parsed call: the command path, and each option's words (the word
    after an option is its value, whatever it begins with: the fake az's
    parser has refused an option followed by a word that begins with -)."""

    def __init__(self, argv):
        self.path, self.opts, i = [], {}, 0
        while i < len(argv) and not argv[i].startswith('-'):
            self.path.append(argv[i])
            i += 1
        cur = None
        flags = set() if ' '.join(self.path) in VALUED else FLAGS
        for a in argv[i:]:
            if a in flags:
                self.opts[a], cur = ['true'], None
            elif cur is not None and not self.opts[cur]:
                self.opts[cur].append(a)
            elif a.startswith('--'):
                cur = a
                self.opts[cur] = []
            elif cur is None:
                fail('a word before any option: %s' % a)
            else:
                self.opts[cur].append(a)
        self.cmd = ' '.join(self.path)

    def allow(self, *names):
        for o in self.opts:
            if o not in names + ('--output', '--query', '--subscription'):
                fail('no model of the option %s of az %s' % (o, self.cmd))

    def many(self, name):
        return self.opts.get(name)

    def one(self, name, need=True):
        v = self.opts.get(name)
        if v is None:
            if need:
                fail('az %s needs %s' % (self.cmd, name))
            return None
        if len(v) != 1:
            fail('az %s: %s takes one value, got %r' % (self.cmd, name, v))
        return v[0]

    def flag(self, name):
        v = self.one(name, need=False)
        return None if v is None else {'true': True, 'false': False}[v.lower()]

    def sub(self):
        """The subscription the call acts in: --subscription's, which the
        store must know, or az's default."""
        sid = self.one('--subscription', need=False)
        return SUB if sid is None else '/subscriptions/' + sid

    def rg(self):
        return self.sub() + '/resourceGroups/' + self.one('--resource-group')

    def net(self, typ, name):
        return self.rg() + '/providers/Microsoft.Network/' + typ + '/' + name


# ---- what az prints ---------------------------------------------------------

def fields(node, out):
    """Every field a JMESPath AST names."""
    if isinstance(node, dict):
        if node.get('type') == 'field':
            out.add(node['value'])
        for child in node.get('children', []):
            fields(child, out)
    return out


def keys(value, out):
    if isinstance(value, dict):
        out.update(value)
        for v in value.values():
            keys(v, out)
    elif isinstance(value, list):
        for v in value:
            keys(v, out)
    return out


def flat(value):
    """As az's network, plan and webapp commands print a resource: the
    members of each "properties" in place of it."""
    if isinstance(value, list):
        return [flat(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: flat(v) for k, v in value.items() if k != 'properties'}
    if isinstance(value.get('properties'), dict):
        out.update(flat(value['properties']))
    return out


def cell(v):
    """knack's _TsvOutput._dump_obj: a value inside a row."""
    if isinstance(v, list):
        return str(len(v))
    if isinstance(v, dict):
        return ''
    return v if isinstance(v, str) else str(v)


def row(v):
    """knack's _TsvOutput._dump_row: one line of --output tsv."""
    if isinstance(v, dict):
        return '\t'.join(cell(x) for x in v.values())
    if isinstance(v, list):
        return '\t'.join(cell(x) for x in v)
    if isinstance(v, bool):
        return 'true' if v else 'false'
    return cell(v)


def show(call, value, known=frozenset()):
    """Print value through --query and --output, as az does: nothing for a
    null result; tsv a list one item a line. The query may name only the
    fields this model has: known, COMMON and those of value."""
    query = call.one('--query', need=False)
    if query is not None:
        unknown = fields(jmespath.compile(query).parsed, set()) - known - COMMON - \
            keys(value, set())
        if unknown:
            fail('no model of %s in the query %s of az %s' % (', '.join(sorted(unknown)),
                                                              query, call.cmd))
        value = jmespath.search(query, value)
    fmt = call.one('--output', need=False) or 'json'
    if fmt == 'none' or value is None:
        return
    if fmt == 'tsv':
        text = ''.join(row(v) + '\n' for v in (value if isinstance(value, list) else [value]))
    elif fmt == 'json':
        text = json.dumps(value, indent=2) + '\n'
    else:
        fail('no model of --output %s' % fmt)
    sys.stdout.buffer.write(text.encode('utf-8', 'surrogateescape'))


def view(rid, rec, flatten):
    out = {'id': rid, 'name': rid.rstrip('/').split('/')[-1]}
    out.update(flat(rec) if flatten else rec)
    return out


# What a script reads of a vault it creates: vnetc's ownership tags (any
# tag may be missing: a null) and the security settings (emit_az.c
# step_create).
CREATED_FIELDS = {'managed-by', 'vnetc-spec', 'enableRbacAuthorization', 'bypass',
                  'enablePurgeProtection'}


def known_fields(rid):
    model = MODEL.get(kind(rid))
    if model and None in model[1]:
        return (model[1] - {None}) | backend_fields() | CREATED_FIELDS
    return model[1] if model else backend_fields() | CREATED_FIELDS


def show_resource(call, store, rid, flatten=True):
    show(call, view(rid, store.need(rid), flatten), known_fields(rid))


# ---- writes -----------------------------------------------------------------

def tags(call, rec):
    t = call.many('--tags')
    if t is not None:
        rec['tags'] = dict(w.partition('=')[::2] for w in t)


def prefixes(props, words):
    """az's subnet commands: one prefix is addressPrefix, several are
    addressPrefixes (docs/azure-notes.md 13)."""
    props.pop('addressPrefix', None)
    props.pop('addressPrefixes', None)
    if len(words) == 1:
        props['addressPrefix'] = words[0]
    else:
        props['addressPrefixes'] = list(words)


def generic_set(res, expr):
    """az's generic --set PATH=VALUE: VALUE as JSON when it parses, else a
    string; each object on the path must exist ("Couldn't find")."""
    path, _, text = expr.partition('=')
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    keys_ = path.split('.')
    node = res
    for k in keys_[:-1]:
        if not isinstance(node.get(k), dict):
            print("Couldn't find '%s' in '%s'." % (k, path), file=sys.stderr)
            sys.exit(1)
        node = node[k]
    node[keys_[-1]] = value


def generic_remove(res, words):
    """az's generic --remove PATH [INDEX]: a property, or an item of a list."""
    keys_ = words[0].split('.')
    node = res
    for k in keys_[:-1]:
        node = node.get(k) if isinstance(node, dict) else None
    if not isinstance(node, dict) or keys_[-1] not in node:
        print("Couldn't find '%s'." % words[0], file=sys.stderr)
        sys.exit(1)
    if len(words) > 1:
        del node[keys_[-1]][int(words[1])]
    else:
        del node[keys_[-1]]


# ---- the commands ------------------------------------------------------------
# Each reader and writer gets the call (its verb is call.path[-1]), the
# store and the id the call names.

def parent(rid):
    return rid.rsplit('/', 2)[0]


def new_or_existing(store, call, rid, rec):
    """rec as a create makes it (what it is made in must exist: its
    resource group, its parent) or, for any other verb, the record there."""
    if call.path[-1] != 'create':
        return store.need(rid)
    store.need(call.rg())
    if parent(rid).split('/')[-2] != 'providers':
        store.need(parent(rid))
    rec.setdefault('properties', {})
    tags(call, rec)
    return rec


def w_group(call, store, rid):
    rec = {'location': call.one('--location'), 'properties': {}}
    tags(call, rec)
    store.put(rid, rec)


def w_vnet(call, store, rid):
    rec = new_or_existing(store, call, rid, {'location': call.one('--location', need=False)})
    if call.many('--address-prefixes') is not None:
        rec['properties']['addressSpace'] = {'addressPrefixes':
                                             list(call.many('--address-prefixes'))}
    if call.many('--dns-servers') is not None:
        rec['properties']['dhcpOptions'] = {'dnsServers': list(call.many('--dns-servers'))}
    store.put(rid, rec)


def w_subnet(call, store, rid):
    rec = new_or_existing(store, call, rid, {})
    p = rec['properties']
    if call.many('--address-prefixes') is not None:
        prefixes(p, call.many('--address-prefixes'))
    if call.many('--delegations') is not None:
        # az names each delegation by its index
        p['delegations'] = [{'name': str(i), 'properties': {'serviceName': d}}
                            for i, d in enumerate(call.many('--delegations'))]
    if call.one('--private-endpoint-network-policies', need=False) is not None:
        p['privateEndpointNetworkPolicies'] = call.one('--private-endpoint-network-policies')
    if call.one('--private-link-service-network-policies', need=False) is not None:
        p['privateLinkServiceNetworkPolicies'] = \
            call.one('--private-link-service-network-policies')
    if call.one('--default-outbound-access', need=False) is not None:
        # an AAZ bool: az takes true/false (and yes/no, 1/0)
        p['defaultOutboundAccess'] = \
            call.one('--default-outbound-access').lower() in ('true', 't', 'yes', 'y', '1')
    w_subnet_netsec(call, store, p)
    store.put(rid, rec)


def netres_ref(call, opt, typ):
    """--nsg, --route-table, --nat-gateway: a name in the subnet's group,
    or an id (az's AAZResourceIdArgFormat); it must exist, as in ARM."""
    v = call.one(opt)
    return v if v.startswith('/') else call.net(typ, v)


def w_subnet_netsec(call, store, p):
    """null detaches, as az's nullable AAZ arguments do ("Use null to detach
    it": network/aaz/latest/network/vnet/subnet/_update.py)."""
    for opt, typ, key in (('--nsg', 'networkSecurityGroups', 'networkSecurityGroup'),
                          ('--route-table', 'routeTables', 'routeTable'),
                          ('--nat-gateway', 'natGateways', 'natGateway')):
        if call.opts.get(opt) is not None:
            if call.one(opt) == 'null':
                p.pop(key, None)
                continue
            ref = netres_ref(call, opt, typ)
            store.need(ref)
            p[key] = {'id': ref}
    if call.many('--service-endpoints') == ['null']:
        p.pop('serviceEndpoints', None)
    elif call.many('--service-endpoints') is not None:
        p['serviceEndpoints'] = [{'service': x} for x in call.many('--service-endpoints')]
    if call.many('--endpoints') is not None:
        p['serviceEndpoints'] = json.loads(' '.join(call.many('--endpoints')))


def w_peering(call, store, rid):
    if call.path[-1] == 'update':
        return w_generic_props(call, store, rid)
    if call.path[-1] == 'sync':
        rec = store.need(rid)
        rec['properties']['peeringSyncLevel'] = 'FullyInSync'
        return store.put(rid, rec)
    # like ARM: both VNets must exist, the remote by name in the group
    remote = by_name(call, '--remote-vnet', 'virtualNetworks')
    store.need(remote)
    p = {'remoteVirtualNetwork': {'id': remote}, 'peeringSyncLevel': 'FullyInSync'}
    for o, k in (('--allow-vnet-access', 'allowVirtualNetworkAccess'),
                 ('--allow-forwarded-traffic', 'allowForwardedTraffic'),
                 ('--allow-gateway-transit', 'allowGatewayTransit'),
                 ('--use-remote-gateways', 'useRemoteGateways')):
        p[k] = bool(call.flag(o))
    return store.put(rid, new_or_existing(store, call, rid, {'properties': p}))


def w_zone(call, store, rid):
    store.put(rid, new_or_existing(store, call, rid, {'location': 'global'}))


def by_name(call, opt, typ):
    """An option that names a resource of the group by name, or by id."""
    v = call.one(opt)
    return v if v.startswith('/') else call.net(typ, v)


def w_link(call, store, rid):
    vnet = by_name(call, '--virtual-network', 'virtualNetworks')
    store.need(vnet)
    store.put(rid, new_or_existing(store, call, rid, {'location': 'global', 'properties': {
        'virtualNetwork': {'id': vnet},
        'registrationEnabled': bool(call.flag('--registration-enabled'))}}))


def w_endpoint(call, store, rid):
    subnet = call.net('virtualNetworks', call.one('--vnet-name')) + '/subnets/' + \
        call.one('--subnet')
    target = call.one('--private-connection-resource-id')
    store.need(subnet)
    store.need(target)
    store.put(rid, new_or_existing(store, call, rid, {
        'location': call.one('--location'), 'properties': {
            'subnet': {'id': subnet},
            'privateLinkServiceConnections': [{'name': call.one('--connection-name'), 'properties': {
                'privateLinkServiceId': target, 'groupIds': [call.one('--group-id')]}}]}}))


def w_zone_group(call, store, rid):
    """create makes the group with one zone, add adds one."""
    zone = by_name(call, '--private-dns-zone', 'privateDnsZones')
    store.need(zone)
    config = {'name': call.one('--zone-name'), 'properties': {'privateDnsZoneId': zone}}
    rec = new_or_existing(store, call, rid, {'properties': {'privateDnsZoneConfigs': []}})
    rec['properties']['privateDnsZoneConfigs'].append(config)
    store.put(rid, rec)


# az's get_sku_tier (Azure/azure-cli, src/azure-cli/azure/cli/
# command_modules/appservice/utils.py), for the SKUs the tests use: what
# 'appservice plan update --sku' sets the tier to.
SKU_TIERS = {'F1': 'FREE', 'B1': 'BASIC', 'S1': 'STANDARD', 'P1V2': 'PREMIUMV2',
             'P0V3': 'PREMIUM0V3', 'P1V3': 'PREMIUMV3', 'EP1': 'ElasticPremium',
             'EP2': 'ElasticPremium', 'EP3': 'ElasticPremium'}


def w_plan(call, store, rid):
    """az's update_app_service_plan: a GET and a PUT of the plan whose SKU
    has its name (upper-cased, docs/azure-notes.md 13) and tier set; its
    capacity and the rest stay."""
    rec = store.need(rid)
    burst = call.one('--max-elastic-worker-count', need=False)
    if burst is not None:
        rec['properties']['maximumElasticWorkerCount'] = int(burst)
    sku = call.one('--sku', need=False)
    if sku is not None:
        if sku.upper() not in SKU_TIERS:
            fail('no model of the tier of the SKU %s' % sku)
        rec['sku'] = dict(rec.get('sku') or {}, name=sku.upper(), tier=SKU_TIERS[sku.upper()])
    store.put(rid, rec)


def w_identity_create(call, store, rid):
    """az identity create: a user-assigned identity in the group, with its
    principal."""
    if rid.lower() in store.res:
        fail('az identity create over an existing identity: the script reads first')
    rec = new_or_existing(store, call, rid, {'location': call.one('--location')})
    rec['properties'].update(principalId='p-' + rid[-8:], clientId='c-' + rid[-8:])
    store.put(rid, rec)


def r_role_assignments(call, store, rid):
    """az role assignment list --scope S --role GUID: the assignments at
    exactly that scope (no --include-inherited) of that role definition,
    as the CLI prints them."""
    scope = call.one('--scope').rstrip('/')
    role = call.one('--role').lower()
    prefix = scope.lower() + '/providers/microsoft.authorization/roleassignments/'
    out = []
    for k, v in sorted(store.res.items()):
        p = v.get('properties', {})
        if k.startswith(prefix) and p.get('roleDefinitionId', '').lower().endswith('/' + role):
            out.append(dict(p, id=k, name=k.rsplit('/', 1)[1], scope=scope))
    show(call, out, {'id', 'name', 'principalId', 'roleDefinitionId', 'scope',
                     'principalType'})


def w_role_assignment(call, store, rid):
    """az role assignment create --name N --scope S --role GUID
    --assignee-object-id P --assignee-principal-type ServicePrincipal
    (role/custom.py create_role_assignment): at S; ARM refuses the same
    role for the same principal at S under another name (409
    RoleAssignmentExists, which the CLI turns into the existing one)."""
    scope = call.one('--scope').rstrip('/')
    store.need(scope)
    name = call.one('--name')
    rid = scope + '/providers/Microsoft.Authorization/roleAssignments/' + name
    role = call.one('--role')
    rec = {'properties': {
        'roleDefinitionId': '%s/providers/Microsoft.Authorization/roleDefinitions/%s'
        % (call.sub(), role),
        'principalId': call.one('--assignee-object-id'),
        'principalType': call.one('--assignee-principal-type')}}
    store.put(rid, rec)


def w_plan_create(call, store, rid):
    """az appservice plan create (appservice/custom.py create_app_service_plan):
    Windows unless --is-linux (reserved), the SKU's name and tier."""
    if rid.lower() in store.res:
        fail('az appservice plan create over an existing plan: the script reads first')
    linux = call.flag('--is-linux') is True
    sku = call.one('--sku').upper()
    if sku not in SKU_TIERS:
        fail('no model of the tier of the SKU %s' % sku)
    rec = new_or_existing(store, call, rid, {'location': call.one('--location'),
                                             'kind': 'linux' if linux else 'app',
                                             'sku': {'name': sku, 'tier': SKU_TIERS[sku]}})
    rec['properties']['reserved'] = linux
    store.put(rid, rec)


def w_fplan_create(call, store, rid):
    """az functionapp plan create (appservice/_params.py 'functionapp
    plan': --is-linux three-state, --max-burst): an Elastic Premium plan,
    kind elastic, its maximum elastic workers."""
    if rid.lower() in store.res:
        fail('az functionapp plan create over an existing plan: the script reads first')
    sku = call.one('--sku').upper()
    if SKU_TIERS.get(sku) != 'ElasticPremium':
        fail('no model of az functionapp plan create --sku %s' % sku)
    rec = new_or_existing(store, call, rid, {'location': call.one('--location'),
                                             'kind': 'elastic',
                                             'sku': {'name': sku, 'tier': SKU_TIERS[sku]}})
    rec['properties']['reserved'] = call.one('--is-linux', need=False) == 'true'
    burst = call.one('--max-burst', need=False)
    if burst is not None:
        rec['properties']['maximumElasticWorkerCount'] = int(burst)
    store.put(rid, rec)


# az webapp config set option -> the SiteConfig property it sets
# (appservice/_params.py 'webapp config set'; custom.py update_site_configs)
SITE_CONFIG = {'--min-tls-version': 'minTlsVersion', '--ftps-state': 'ftpsState',
               '--always-on': 'alwaysOn', '--http20-enabled': 'http20Enabled',
               '--linux-fx-version': 'linuxFxVersion',
               '--net-framework-version': 'netFrameworkVersion',
               '--java-version': 'javaVersion', '--java-container': 'javaContainer',
               '--java-container-version': 'javaContainerVersion',
               '--powershell-version': 'powerShellVersion'}


def w_webapp_create(call, store, rid):
    """az webapp create (appservice/custom.py create_webapp): a site on the
    plan (a name in the group, or an id), its kind by the plan's OS, its
    runtime (STACK:VERSION or STACK|VERSION, "Allowed delimiters") as
    linuxFxVersion; FTPS AllAllowed, az's default; both basic-auth
    publishing policies on, as App Service makes them."""
    if rid.lower() in store.res:
        fail('az webapp create over an existing app: the script reads first')
    plan = call.one('--plan')
    if not plan.startswith('/'):
        plan = call.rg() + '/providers/Microsoft.Web/serverfarms/' + plan
    farm = store.need(plan)
    if not farm.get('properties'):
        not_found("The plan '%s'" % plan)
    linux = farm['properties'].get('reserved') is True
    runtime = call.one('--runtime', need=linux)
    rec = new_or_existing(store, call, rid, {'location': farm.get('location'),
                                             'kind': 'app,linux' if linux else 'app'})
    p = rec['properties']
    p.update(serverFarmId=plan, reserved=linux, httpsOnly=call.flag('--https-only') or False,
             defaultHostName=host_name(rid),
             siteConfig={'ftpsState': 'AllAllowed', 'minTlsVersion': '1.2',
                         'alwaysOn': False, 'http20Enabled': False})
    if runtime:
        p['siteConfig']['linuxFxVersion'] = runtime.replace(':', '|')
    ids = call.many('--assign-identity')
    if ids is not None:
        # '[system]' and user-assigned identities by resource id
        # (appservice/custom.py create_webapp -> assign_identity)
        uais = [i for i in ids if i != '[system]']
        for i in uais:
            store.need(i)
        kind = ', '.join((['SystemAssigned'] if '[system]' in ids else []) +
                         (['UserAssigned'] if uais else []))
        rec['identity'] = {'type': kind}
        if '[system]' in ids:
            rec['identity']['principalId'] = 'p-' + rid[-8:]
        if uais:
            rec['identity']['userAssignedIdentities'] = {
                i: {'principalId': 'p-' + i[-8:]} for i in uais}
    store.put(rid, rec)
    for c in ('ftp', 'scm'):
        store.put(rid + '/basicPublishingCredentialsPolicies/' + c,
                  {'properties': {'allow': True}})


def r_identity(call, store, rid):
    """az webapp identity show: the site's identity as ARM returns it;
    nothing when it has none (az prints nothing)."""
    show(call, store.need(rid).get('identity'), {'type', 'principalId'})


def w_identity(call, store, rid):
    """az webapp identity assign --identities [system] (appservice/custom.py
    assign_identity): the system-assigned identity beside any other."""
    if call.many('--identities') != ['[system]']:
        fail('no model of --identities %s' % call.many('--identities'))
    rec = store.need(rid)
    t = (rec.get('identity') or {}).get('type', 'None')
    rec['identity'] = dict(rec.get('identity') or {}, principalId='p-' + rid[-8:],
                           type='SystemAssigned' if t in ('None', 'SystemAssigned')
                           else 'SystemAssigned, UserAssigned')
    store.put(rid, rec)


def w_site_config(call, store, rid):
    rec = store.need(rid)
    sc = rec['properties'].setdefault('siteConfig', {})
    for o, k in SITE_CONFIG.items():
        v = call.one(o, need=False)
        if v is not None:
            sc[k] = v.lower() == 'true' if k in ('alwaysOn', 'http20Enabled') else v
    store.put(rid, rec)


def w_site(call, store, rid):
    rec = store.need(rid)
    if call.flag('--https-only') is not None:
        rec['properties']['httpsOnly'] = call.flag('--https-only')
    # --set publicNetworkAccess=V (a slot's public_access: emit_az.c
    # step_app), az's generic update of the flattened site
    for a in call.many('--set') or []:
        k, _, v = a.partition('=')
        if k != 'publicNetworkAccess' or v not in ('Enabled', 'Disabled'):
            fail('no model of az webapp update --set %s' % a)
        rec['properties'][k] = v
    store.put(rid, rec)


def w_integration(call, store, rid):
    """--subnet an id: az ignores --vnet (appservice custom.py
    _get_subnet_info)."""
    subnet = call.one('--subnet')
    if not subnet.startswith('/'):
        subnet = by_name(call, '--vnet', 'virtualNetworks') + '/subnets/' + subnet
    store.need(subnet)
    rec = store.need(rid)
    rec['properties']['virtualNetworkSubnetId'] = subnet
    store.put(rid, rec)


def w_settings(call, store, rid):
    """NAME=VALUE words, cut at the first = as az does; a value may hold
    any byte, a newline too."""
    rec = store.need(rid)
    for w in call.many('--settings') or []:
        name, _, value = w.partition('=')
        rec['properties'][name] = value
    store.put(rid, rec)


def r_zone_groups(call, store, rid):
    """The endpoint's zone groups, whatever their names (a policy names
    its own), each flattened as az's list prints them."""
    prefix = rid.lower() + '/privatednszonegroups/'
    groups = [view(k, v, True) for k, v in sorted(store.res.items())
              if k.startswith(prefix) and '/' not in k[len(prefix):]]
    show(call, groups, MODEL['privatednszonegroups'][1])


def r_links(call, store, rid):
    """The zone's links, whatever their names, each flattened as az's
    list prints them (privatedns aaz link/vnet/_list.py: client_flatten,
    so virtualNetwork.id)."""
    store.need(rid)
    prefix = rid.lower() + '/virtualnetworklinks/'
    links = [view(k, v, True) for k, v in sorted(store.res.items())
             if k.startswith(prefix) and '/' not in k[len(prefix):]]
    show(call, links, MODEL['virtualnetworklinks'][1])


def r_settings(call, store, rid):
    """[{name, value, slotSetting}], as az's get_app_settings answers."""
    show(call, [{'name': k, 'value': v, 'slotSetting': False}
                for k, v in store.need(rid)['properties'].items()], MODEL['config'][1])


def w_generic(call, store, rid):
    """A GET and a PUT of the whole resource: what --set and --remove do
    not name stays. A SQL server with a Microsoft Entra administrator
    refuses it, as the mock ARM server does (tests/mockarm/server.py): the
    PUT restates administrators, which only a create may carry."""
    rec = json.loads(json.dumps(store.need(rid)))
    if '/providers/microsoft.sql/servers/' in rid.lower() and \
            'administrators' in rec.get('properties', {}):
        print('(AadOnlyAuthenticationIsEnabled) Azure Active Directory Only Authentication '
              'is enabled. Please contact your system administrator.', file=sys.stderr)
        sys.exit(1)
    for expr in call.many('--set') or []:
        generic_set(rec, expr)
    if call.many('--remove') is not None:
        generic_remove(rec, call.many('--remove'))
    store.put(rid, rec)


def w_generic_props(call, store, rid):
    """The network commands' generic update: --set PATH=VALUE on the
    properties, as their flattened models take it."""
    rec = store.need(rid)
    for expr in call.many('--set') or []:
        generic_set(rec['properties'], expr)
    store.put(rid, rec)


def w_netres(call, store, rid):
    """network nsg, route-table, nat gateway, public-ip create: a PUT of
    what the options say (nothing else is kept); update: only what it is
    given."""
    kind_ = kind(rid)
    if call.path[-1] == 'create':
        rec = new_or_existing(store, call, rid, {'location': call.one('--location')})
    else:
        rec = store.need(rid)
    p = rec['properties']
    if call.opts.get('--disable-bgp-route-propagation') is not None:
        p['disableBgpRoutePropagation'] = call.flag('--disable-bgp-route-propagation')
    if call.many('--public-ip-addresses') is not None:
        ips = [w if w.startswith('/') else call.net('publicIPAddresses', w)
               for w in call.many('--public-ip-addresses')]
        for ip in ips:
            store.need(ip)
        p['publicIpAddresses'] = [{'id': ip} for ip in ips]
    if call.one('--idle-timeout', need=False) is not None:
        p['idleTimeoutInMinutes'] = int(call.one('--idle-timeout'))
    if call.many('--zone') is not None:
        rec['zones'] = list(call.many('--zone'))
    if call.one('--sku', need=False) is not None:
        rec['sku'] = {'name': call.one('--sku')}
    elif kind_ == 'natgateways' and call.path[-1] == 'create':
        rec['sku'] = {'name': 'Standard'}  # the override sets it
    if call.one('--allocation-method', need=False) is not None:
        p['publicIPAllocationMethod'] = call.one('--allocation-method')
    if call.one('--version', need=False) is not None:
        p['publicIPAddressVersion'] = call.one('--version')
    store.put(rid, rec)


def single_or_list(p, one, many, words):
    """az's nsg rule create: one value is the singular field, several the
    plural one (operations/nsg.py, _handle_plural_or_singular)."""
    if len(words) == 1:
        p[one] = words[0]
    else:
        p[many] = list(words)


def child_list(rec, key):
    return rec['properties'].setdefault(key, [])


def w_rule(call, store, rid):
    """network nsg rule create (a PUT of the rule: what it does not name
    is gone) and delete, kept in the NSG's securityRules."""
    nsg = parent(rid)
    rec = store.need(nsg)
    rules = [r for r in child_list(rec, 'securityRules') if r['name'].lower() !=
             call.one('--name').lower()]
    if call.path[-1] == 'create':
        p = {k: call.one('--' + o) for k, o in (('direction', 'direction'),
                                                ('access', 'access'),
                                                ('protocol', 'protocol'))}
        p['priority'] = int(call.one('--priority'))
        for one, many, opt in (('sourceAddressPrefix', 'sourceAddressPrefixes',
                                '--source-address-prefixes'),
                               ('sourcePortRange', 'sourcePortRanges', '--source-port-ranges'),
                               ('destinationAddressPrefix', 'destinationAddressPrefixes',
                                '--destination-address-prefixes'),
                               ('destinationPortRange', 'destinationPortRanges',
                                '--destination-port-ranges')):
            single_or_list(p, one, many, call.many(opt))
        if call.one('--description', need=False) is not None:
            p['description'] = call.one('--description')
        for r in rules:
            q = r['properties']
            if (q['priority'], q['direction'].lower()) == (p['priority'], p['direction'].lower()):
                print('(SecurityRuleConflict) Security rule %s conflicts with rule %s. Rules '
                      'cannot have the same Priority and Direction.' % (call.one('--name'),
                                                                       r['name']),
                      file=sys.stderr)
                sys.exit(1)
        rules.append({'name': call.one('--name'), 'properties': p})
    rec['properties']['securityRules'] = rules
    store.put(nsg, rec)


def w_route(call, store, rid):
    """network route-table route create (a PUT) and delete."""
    table = parent(rid)
    rec = store.need(table)
    routes = [r for r in child_list(rec, 'routes') if r['name'].lower() !=
              call.one('--name').lower()]
    if call.path[-1] == 'create':
        p = {'addressPrefix': call.one('--address-prefix'),
             'nextHopType': call.one('--next-hop-type')}
        if call.one('--next-hop-ip-address', need=False) is not None:
            p['nextHopIpAddress'] = call.one('--next-hop-ip-address')
        for r in routes:
            if r['properties']['addressPrefix'].lower() == p['addressPrefix'].lower():
                print('(RouteConflict) Route: %s conflicts with Route: %s. Routes cannot have '
                      'the same AddressPrefix.' % (call.one('--name'), r['name']),
                      file=sys.stderr)
                sys.exit(1)
        routes.append({'name': call.one('--name'), 'properties': p})
    rec['properties']['routes'] = routes
    store.put(table, rec)


def r_children(key):
    def reader(call, store, rid):
        show(call, flat(child_list(store.need(parent(rid)), key)),
             known_fields(parent(rid)))
    return reader


def host_name(rid):
    """A site's defaultHostName, read-only, as App Service makes it: the
    app's name, and a slot's app and slot names joined by '-'."""
    m = re.search('/sites/([^/]+)(?:/slots/([^/]+))?$', rid)
    return '-'.join(x for x in m.groups() if x) + '.azurewebsites.net'


def rest_put_site(store, rid, body):
    """az rest --method put of a site (a function app vnetc creates, a
    Windows web app with its stack) or of a deployment slot: its
    body as ARM keeps it; siteConfig.appSettings become its
    config/appsettings (what az webapp config appsettings list reads), as
    App Service keeps them; the basic-auth policies App Service makes."""
    if rid.lower() in store.res:
        fail('az rest --method put over an existing site: the script reads first')
    store.need(rid.split('/providers/')[0])
    sc = body.setdefault('properties', {}).get('siteConfig') or {}
    settings = {s['name']: s['value'] for s in sc.pop('appSettings', None) or []}
    body['properties']['defaultHostName'] = host_name(rid)
    # ARM answers the site's (or slot's) principals, read-only, as
    # w_webapp_create makes them: a slot's system-assigned identity is
    # its own
    ident = body.get('identity')
    if isinstance(ident, dict):
        if 'systemassigned' in str(ident.get('type', '')).lower():
            ident['principalId'] = 'p-' + rid[-8:]
        for i, v in (ident.get('userAssignedIdentities') or {}).items():
            if isinstance(v, dict):
                v.setdefault('principalId', 'p-' + i[-8:])
    store.put(rid, body)
    store.put(rid + '/config/appsettings', {'properties': settings})
    for c in ('ftp', 'scm'):
        store.put(rid + '/basicPublishingCredentialsPolicies/' + c,
                  {'properties': {'allow': True}})


def w_rest(call, store):
    """az rest --method patch --uri ID?api-version=V --body JSON: a PATCH as
    the mock ARM server applies it (tests/mockarm/server.py patch_merge):
    each member of "properties" replaces its old value, and so does each
    other key. Only PATCHes of a resource's id are modelled, and PUTs of a
    site whose body comes from a file (--body @FILE, as az reads any
    @-argument) or inline."""
    call.allow('--method', '--uri', '--body')
    uri, method = call.one('--uri'), call.one('--method').lower()
    rid, _, query = uri.partition('?')
    arg = call.one('--body')
    if method == 'put' and '/providers/Microsoft.Web/sites/' in rid and \
            arg.startswith('@') and query.startswith('api-version='):
        with open(arg[1:]) as f:
            return rest_put_site(store, rid, json.load(f))
    # a Windows web app with its stack, its body inline (no secret in it)
    if method == 'put' and re.search('/providers/Microsoft.Web/sites/[^/]+$', rid) \
            and query.startswith('api-version='):
        return rest_put_site(store, rid, json.loads(arg))
    if method == 'put' and re.search('/providers/Microsoft.Web/serverfarms/[^/]+$', rid) \
            and query.startswith('api-version='):
        # a Consumption or Flex Consumption plan (emit_az.c farm_put)
        if rid.lower() in store.res:
            fail('az rest --method put over an existing plan: the script reads first')
        store.need(rid.split('/providers/')[0])
        return store.put(rid, json.loads(arg))
    if method == 'put' and re.search('/providers/Microsoft.Web/sites/[^/]+/slots/[^/]+$', rid) \
            and query.startswith('api-version='):
        # a deployment slot (emit_az.c slot_create): its app must exist
        store.need(rid.split('/slots/')[0])
        if store.res.get(rid.split('/slots/')[0].lower()) is None:
            not_found("The Resource '%s'" % rid.split('/slots/')[0])
        return rest_put_site(store, rid, json.loads(arg))
    if method != 'patch' or not rid.startswith('/subscriptions/') or \
            not query.startswith('api-version='):
        fail('no model of az rest --method %s --uri %s' % (method, uri))
    body = json.loads(arg)
    rec = json.loads(json.dumps(store.need(rid)))
    for k, v in body.items():
        if k == 'properties' and isinstance(v, dict):
            rec.setdefault('properties', {}).update(v)
        else:
            rec[k] = v
    if rid.lower().endswith('/config/web'):
        access_rules(rec.setdefault('properties', {}))
    store.put(rid, rec)


VAULT_OPTS = {'--enable-rbac-authorization': 'enableRbacAuthorization',
              '--enable-purge-protection': 'enablePurgeProtection',
              '--public-network-access': 'publicNetworkAccess'}


def w_vault(call, store, rid):
    """az keyvault create / update (keyvault/custom.py create_vault_or_hsm,
    update_vault): a vault vnetc creates; the tenant is the login's."""
    create = call.path[-1] == 'create'
    if create and rid.lower() in store.res:
        fail('az keyvault create over an existing vault: the script reads first')
    rec = new_or_existing(store, call, rid, {'location': call.one('--location', need=False)})
    p = rec['properties']
    if create:
        p.update(tenantId='0000-tenant', enableSoftDelete=True,
                 sku={'family': 'A', 'name': call.one('--sku', need=False) or 'standard'},
                 softDeleteRetentionInDays=int(call.one('--retention-days', need=False) or 90),
                # read-only, Azure's answer (VaultProperties vaultUri)
                vaultUri='https://%s.vault.azure.net/' % rid.rsplit('/', 1)[1])
    for o, k in VAULT_OPTS.items():
        v = call.one(o, need=False)
        if v is not None:
            p[k] = v.lower() == 'true' if k.startswith('enable') else v
    acl = p.setdefault('networkAcls', {})
    for o, k in (('--default-action', 'defaultAction'), ('--bypass', 'bypass')):
        if call.one(o, need=False) is not None:
            acl[k] = call.one(o)
    store.put(rid, rec)


def w_sql(call, store, rid):
    """az sql server create / update (sql/custom.py server_create,
    server_update): create sets its Microsoft Entra-only admin; update is
    a GET without the admin ($expand is show's --expand-ad-admin) and a
    PUT, so it never restates administrators; it takes no --tags, but
    the generic --set."""
    create = call.path[-1] == 'create'
    if create and rid.lower() in store.res:
        fail('az sql server create over an existing server: the script reads first')
    rec = new_or_existing(store, call, rid, {'location': call.one('--location', need=False)})
    p = rec['properties']
    if create:
        if call.flag('--enable-ad-only-auth') is None:
            fail('az sql server create: no password, but no --enable-ad-only-auth either')
        p['administrators'] = {'azureADOnlyAuthentication': True,
                               'login': call.one('--external-admin-name'),
                               'sid': call.one('--external-admin-sid'),
                               'principalType': call.one('--external-admin-principal-type')}
        # read-only, Azure's answer (ServerProperties
        # fullyQualifiedDomainName)
        p['fullyQualifiedDomainName'] = rid.rsplit('/', 1)[1] + '.database.windows.net'
    if call.one('--minimal-tls-version', need=False) is not None:
        p['minimalTlsVersion'] = call.one('--minimal-tls-version')
    if call.flag('--enable-public-network') is not None:
        p['publicNetworkAccess'] = 'Enabled' if call.flag('--enable-public-network') \
            else 'Disabled'
    for expr in call.many('--set') or []:
        generic_set(rec, expr)
    store.put(rid, rec)


def w_sqldb(call, store, rid):
    """az sql db create --service-objective --tags."""
    if rid.lower() in store.res:
        fail('az sql db create over an existing database: the script reads first')
    rec = new_or_existing(store, call, rid, {'location': 'westeurope'})
    rec['sku'] = {'name': call.one('--service-objective')}
    store.put(rid, rec)


def w_resource_create(call, store, rid):
    """az resource create --is-full-object --properties JSON: a PUT of
    the whole body."""
    if call.flag('--is-full-object') is None:
        fail('no model of az resource create without --is-full-object')
    if rid.lower() in store.res:
        fail('az resource create over an existing resource: the script reads first')
    store.need(call.rg())
    store.put(rid, json.loads(call.one('--properties')))


def r_must(call, store, rid):
    """A show of what the script creates: an error when it is not there;
    flattened as the SQL commands' SDK models print it, nested for an AI
    account (its model keeps properties)."""
    if rid.lower() not in store.res:
        not_found("The Resource '%s'" % rid)
    show_resource(call, store, rid, flatten='/accounts/' not in rid.lower())


def r_vault(call, store, rid):
    """az keyvault show: a vault that is not there is an error, whether the
    spec creates it or not."""
    if rid.lower() not in store.res:
        not_found("The Vault '%s'" % rid.split('/')[-1])
    show_resource(call, store, rid, flatten=False)


# az storage account create / update option -> the ARM property it sets
# (storage/_params.py; the three-state flags take true or false)
STORAGE_OPTS = {'--min-tls-version': 'minimumTlsVersion',
                '--https-only': 'supportsHttpsTrafficOnly',
                '--allow-blob-public-access': 'allowBlobPublicAccess',
                '--allow-shared-key-access': 'allowSharedKeyAccess',
                '--allow-cross-tenant-replication': 'allowCrossTenantReplication',
                '--public-network-access': 'publicNetworkAccess'}


def w_storage(call, store, rid):
    """az storage account create / update (storage/operations/account.py)."""
    create = call.path[-1] == 'create'
    if create and rid.lower() in store.res:
        fail('az storage account create over an existing account: the script reads first')
    rec = new_or_existing(store, call, rid, {'location': call.one('--location', need=False)})
    if create:
        rec.update(kind=call.one('--kind', need=False) or 'StorageV2',
                   sku={'name': call.one('--sku', need=False) or 'Standard_RAGRS'})
        # read-only, Azure's answer (StorageAccountProperties
        # primaryEndpoints)
        n = rid.rsplit('/', 1)[1]
        rec['properties']['primaryEndpoints'] = {
            s: 'https://%s.%s.core.windows.net/' % (n, s)
            for s in ('blob', 'queue', 'table', 'file', 'dfs', 'web')}
    p = rec['properties']
    for o, k in STORAGE_OPTS.items():
        v = call.one(o, need=False)
        if v is not None:
            p[k] = v.lower() == 'true' if k.startswith(('allow', 'supports')) else v
    acl = p.setdefault('networkAcls', {})
    for o, k in (('--default-action', 'defaultAction'), ('--bypass', 'bypass')):
        if call.one(o, need=False) is not None:
            acl[k] = call.one(o)
    store.put(rid, rec)


def r_storage(call, store, rid):
    """az storage account show: the SDK's model of the account, its
    properties flattened, networkAcls named networkRuleSet and
    supportsHttpsTrafficOnly enableHttpsTrafficOnly; an error when it is
    not there."""
    if rid.lower() not in store.res:
        not_found("The Resource 'Microsoft.Storage/storageAccounts/%s'" % rid.split('/')[-1])
    rec = json.loads(json.dumps(store.res[rid.lower()]))
    p = rec.pop('properties', {})
    # as Azure answers every account (a Flex Consumption app's package
    # container is on its blob endpoint)
    p.setdefault('primaryEndpoints', {
        'blob': 'https://%s.blob.core.windows.net/' % rid.split('/')[-1]})
    for arm, sdk in (('networkAcls', 'networkRuleSet'),
                     ('supportsHttpsTrafficOnly', 'enableHttpsTrafficOnly')):
        if arm in p:
            p[sdk] = p.pop(arm)
    rec.update(p)
    show(call, view(rid, rec, False), known_fields(rid) | set(p))


# the first key of every storage account the fake holds (base64, as
# Azure's are): tests look for it where it must not be
FAKE_KEY = 'RkFLRS1BWi1LRVktRE9OT1RMRUFL'


def r_connection(call, store, rid):
    """az storage account show-connection-string: its connectionString
    with the account's first key (storage/custom.py)."""
    store.need(rid)
    name = rid.split('/')[-1]
    show(call, {'connectionString': 'DefaultEndpointsProtocol=https;EndpointSuffix='
                'core.windows.net;AccountName=%s;AccountKey=%s' % (name, FAKE_KEY)},
         {'connectionString'})


def share_id(c):
    return (c.rg() + '/providers/Microsoft.Storage/storageAccounts/' +
            c.one('--storage-account') + '/fileServices/default/shares/' + c.one('--name'))


def w_share(call, store, rid):
    """az storage share-rm create: a share of the account (its file
    service "default" is there with the account)."""
    store.need(rid.split('/fileServices/')[0])
    store.put(rid, {'properties': {}})


def container_id(c):
    return (c.rg() + '/providers/Microsoft.Storage/storageAccounts/' +
            c.one('--storage-account') + '/blobServices/default/containers/' + c.one('--name'))


def w_container(call, store, rid):
    """az storage container-rm create: a blob container of the account
    (its blob service "default" is there with the account)."""
    store.need(rid.split('/blobServices/')[0])
    store.put(rid, {'properties': {'publicAccess': 'None'}})


def r_flat(call, store, rid):
    show_resource(call, store, rid)


def r_arm(call, store, rid):
    show_resource(call, store, rid, flatten=False)


def site(c):
    """The site --name names, or its deployment slot --slot."""
    slot = c.one('--slot', need=False)
    return c.rg() + '/providers/Microsoft.Web/sites/' + c.one('--name') + (
        '/slots/' + slot if slot else '')


# command group: (its options, the id it names, {verb: reader or writer})
GROUPS = {
    'group': (('--name', '--location', '--tags'),
              lambda c: c.sub() + '/resourceGroups/' + c.one('--name'), {'create': w_group}),
    'network vnet': (('--resource-group', '--name', '--location', '--address-prefixes', '--tags',
                      '--dns-servers'),
                     lambda c: c.net('virtualNetworks', c.one('--name')),
                     {'show': r_flat, 'create': w_vnet, 'update': w_vnet}),
    'network vnet subnet': (('--resource-group', '--vnet-name', '--name', '--address-prefixes',
                             '--delegations', '--private-endpoint-network-policies',
                             '--private-link-service-network-policies',
                             '--default-outbound-access', '--nsg',
                             '--route-table', '--nat-gateway', '--service-endpoints',
                             '--endpoints'),
                            lambda c: c.net('virtualNetworks', c.one('--vnet-name')) +
                            '/subnets/' + c.one('--name'),
                            {'show': r_flat, 'create': w_subnet, 'update': w_subnet}),
    'network vnet peering': (('--resource-group', '--vnet-name', '--name', '--remote-vnet',
                              '--allow-vnet-access', '--allow-forwarded-traffic',
                              '--allow-gateway-transit', '--use-remote-gateways', '--set'),
                             lambda c: c.net('virtualNetworks', c.one('--vnet-name')) +
                             '/virtualNetworkPeerings/' + c.one('--name'),
                             {'show': r_flat, 'create': w_peering, 'sync': w_peering,
                              'update': w_peering}),
    'network nsg': (('--resource-group', '--name', '--location', '--tags', '--ids'),
                    lambda c: c.one('--ids', need=False) or
                    c.net('networkSecurityGroups', c.one('--name')),
                    {'show': r_flat, 'create': w_netres}),
    'network nsg rule': (('--resource-group', '--nsg-name', '--name', '--priority', '--direction',
                          '--access', '--protocol', '--source-address-prefixes',
                          '--source-port-ranges', '--destination-address-prefixes',
                          '--destination-port-ranges', '--description'),
                         lambda c: c.net('networkSecurityGroups', c.one('--nsg-name')) +
                         '/securityRules/' + (c.one('--name', need=False) or ''),
                         {'list': r_children('securityRules'), 'create': w_rule,
                          'delete': w_rule}),
    'network route-table': (('--resource-group', '--name', '--location', '--tags', '--ids',
                             '--disable-bgp-route-propagation'),
                            lambda c: c.one('--ids', need=False) or
                            c.net('routeTables', c.one('--name')),
                            {'show': r_flat, 'create': w_netres, 'update': w_netres}),
    'network route-table route': (('--resource-group', '--route-table-name', '--name',
                                   '--address-prefix', '--next-hop-type',
                                   '--next-hop-ip-address'),
                                  lambda c: c.net('routeTables', c.one('--route-table-name')) +
                                  '/routes/' + (c.one('--name', need=False) or ''),
                                  {'list': r_children('routes'), 'create': w_route,
                                   'delete': w_route}),
    'network public-ip': (('--resource-group', '--name', '--location', '--tags', '--sku',
                           '--allocation-method', '--version', '--zone'),
                          lambda c: c.net('publicIPAddresses', c.one('--name')),
                          {'show': r_flat, 'create': w_netres}),
    'network nat gateway': (('--resource-group', '--name', '--location', '--tags', '--ids',
                             '--public-ip-addresses', '--idle-timeout', '--zone'),
                            lambda c: c.one('--ids', need=False) or
                            c.net('natGateways', c.one('--name')),
                            {'show': r_flat, 'create': w_netres, 'update': w_netres}),
    'network private-dns zone': (('--resource-group', '--name', '--tags'),
                                 lambda c: c.net('privateDnsZones', c.one('--name')),
                                 {'show': r_flat, 'create': w_zone}),
    'network private-dns link vnet': (('--resource-group', '--zone-name', '--name',
                                       '--virtual-network', '--registration-enabled', '--tags'),
                                      lambda c: c.net('privateDnsZones', c.one('--zone-name')) +
                                      ('/virtualNetworkLinks/' + c.one('--name')
                                       if c.path[-1] != 'list' else ''),
                                      {'show': r_flat, 'create': w_link,
                                       'list': r_links}),
    'network private-endpoint': (('--resource-group', '--name', '--location', '--vnet-name',
                                  '--subnet', '--private-connection-resource-id', '--group-id',
                                  '--connection-name', '--tags'),
                                 lambda c: c.net('privateEndpoints', c.one('--name')),
                                 {'show': r_flat, 'create': w_endpoint}),
    'network private-endpoint dns-zone-group': (
        ('--resource-group', '--endpoint-name', '--name', '--private-dns-zone', '--zone-name'),
        lambda c: c.net('privateEndpoints', c.one('--endpoint-name')) + (
            '/privateDnsZoneGroups/' + c.one('--name') if c.path[-1] != 'list' else ''),
        {'show': r_flat, 'create': w_zone_group, 'add': w_zone_group, 'list': r_zone_groups}),
    # plans and apps exist before the script (the spec says existing)
    # (FAKEAZ_NEW: a test whose spec creates them)
    'appservice plan': (('--resource-group', '--name', '--sku', '--location', '--is-linux',
                         '--tags', '--max-elastic-worker-count'),
                        lambda c: c.rg() + '/providers/Microsoft.Web/serverfarms/' +
                        c.one('--name'), {'show': r_flat, 'update': w_plan,
                                          'create': w_plan_create}),
    'identity': (('--resource-group', '--name', '--location', '--tags'),
                 lambda c: c.rg() + '/providers/Microsoft.ManagedIdentity/'
                 'userAssignedIdentities/' + c.one('--name'),
                 {'show': r_flat, 'create': w_identity_create}),
    'role assignment': (('--scope', '--role', '--name', '--assignee-object-id',
                         '--assignee-principal-type'),
                        lambda c: c.one('--scope'),
                        {'list': r_role_assignments, 'create': w_role_assignment}),
    'functionapp plan': (('--resource-group', '--name', '--sku', '--location', '--is-linux',
                          '--max-burst', '--tags'),
                         lambda c: c.rg() + '/providers/Microsoft.Web/serverfarms/' +
                         c.one('--name'), {'create': w_fplan_create}),
    'webapp identity': (('--resource-group', '--name', '--slot', '--identities'), site,
                        {'show': r_identity, 'assign': w_identity}),
    'webapp': (('--resource-group', '--name', '--slot', '--https-only', '--plan', '--runtime',
                '--tags', '--assign-identity', '--set'),
               site, {'show': r_flat, 'update': w_site, 'create': w_webapp_create}),
    'webapp config': (('--resource-group', '--name', '--slot') + tuple(SITE_CONFIG), site,
                      {'set': w_site_config}),
    'webapp vnet-integration': (('--resource-group', '--name', '--slot', '--vnet', '--subnet',
                                 '--skip-delegation-check'), site, {'add': w_integration}),
    'webapp config appsettings': (('--resource-group', '--name', '--slot', '--settings'),
                                  lambda c: site(c) + '/config/appsettings',
                                  {'set': w_settings, 'list': r_settings}),
    'keyvault': (('--resource-group', '--name', '--location', '--sku', '--retention-days',
                  '--enable-rbac-authorization', '--enable-purge-protection',
                  '--public-network-access', '--default-action', '--bypass', '--tags'),
                 lambda c: c.rg() + '/providers/Microsoft.KeyVault/vaults/' + c.one('--name'),
                 {'show': r_vault, 'create': w_vault, 'update': w_vault}),
    'storage account': (('--resource-group', '--name', '--location', '--sku', '--kind',
                         '--tags', '--default-action', '--bypass') + tuple(STORAGE_OPTS),
                        lambda c: c.rg() + '/providers/Microsoft.Storage/storageAccounts/' +
                        c.one('--name'),
                        {'show': r_storage, 'create': w_storage, 'update': w_storage,
                         'show-connection-string': r_connection}),
    'storage share-rm': (('--resource-group', '--storage-account', '--name'), share_id,
                         {'show': r_flat, 'create': w_share}),
    'storage container-rm': (('--resource-group', '--storage-account', '--name'),
                             container_id, {'show': r_flat, 'create': w_container}),
    'resource': (('--ids', '--api-version', '--resource-group', '--name', '--resource-type',
                  '--set', '--remove', '--is-full-object', '--properties'),
                 lambda c: c.one('--ids', need=False) or '%s/providers/%s/%s' % (
                     c.rg(), c.one('--resource-type'), c.one('--name')),
                 {'show': r_arm, 'update': w_generic, 'create': w_resource_create}),
    'sql server': (('--resource-group', '--name', '--location', '--enable-ad-only-auth',
                    '--external-admin-name', '--external-admin-sid',
                    '--external-admin-principal-type', '--minimal-tls-version',
                    '--enable-public-network', '--set'),
                   lambda c: c.rg() + '/providers/Microsoft.Sql/servers/' + c.one('--name'),
                   {'show': r_must, 'create': w_sql, 'update': w_sql}),
    'sql db': (('--resource-group', '--server', '--name', '--service-objective', '--tags',
                '--yes'),
               lambda c: '%s/providers/Microsoft.Sql/servers/%s/databases/%s' % (
                   c.rg(), c.one('--server'), c.one('--name')),
               {'show': r_must, 'create': w_sqldb}),
    'cognitiveservices account': (('--resource-group', '--name'),
                                  lambda c: c.rg() + '/providers/Microsoft.CognitiveServices/'
                                  'accounts/' + c.one('--name'), {'show': r_must}),
}


def main(argv):
    call = Call(argv)
    store = Store()
    c = call.cmd
    if call.sub() != SUB and call.sub().lower() not in store.res:
        # az: "Subscription '...' not found. Check the spelling and casing and try again."
        print("Subscription '%s' not found." % call.one('--subscription'), file=sys.stderr)
        sys.exit(1)
    if c in ('version', 'account show', 'cloud show'):
        call.allow()
        return show(call, {'version': {'azure-cli': '2.67.0', 'azure-cli-core': '2.67.0'},
                           'account show': {'id': call.sub().split('/')[-1],
                                            'name': 'fake subscription'},
                           'cloud show': {'name': os.environ.get('FAKEAZ_CLOUD', 'AzureCloud')}
                           }[c])
    if c == 'rest':
        return w_rest(call, store)
    if c == 'group exists':
        call.allow('--name')
        return show(call, (call.sub() + '/resourceGroups/' + call.one('--name')).lower() in store.res)
    group, verb = ' '.join(call.path[:-1]), call.path[-1] if call.path else ''
    opts, rid, verbs = GROUPS.get(group, ((), None, {}))
    if verb not in verbs:
        fail('no model of the command az ' + c)
    call.allow(*opts)
    return verbs[verb](call, store, rid(call))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
