#!/usr/bin/python3
"""The data of tests/apply.sh's comparison of what exists changed three
ways: a spec that locks down a back end of every type for every
public_access value it takes and changes an existing plan's SKU and an
existing app's HTTPS, VNet integration and Route All, the live resources
they start from, and the comparison of the three end states.

usage: lockdown.py spec                 the spec (YAML) on stdout
       lockdown.py live SUB             {id: resource}: every back end as a
                                        GET returns it before the run, and
                                        their resource group
       lockdown.py compare SUB MOCK FAKE PUTS
           MOCK: the mock's store (tests/mockarm/server.py /__store) after
           vnetc apply; FAKE: tests/fakeaz's resources.json after the
           script; PUTS: arm_eval.py's bodies of the template's lock-down
           deployments. Fails unless the three agree for every back end,
           the plan and the app, on every key a restating PUT carries,
           each keeps the network rules and settings the spec does not
           name, and no restating PUT carries what its type leaves out
           (a SQL server's administrators, a site's siteConfig: the
           resource provider keeps them, docs/azure-notes.md 14 and 5.4).

The types and what each takes come from tests/unit/backtypes.golden, the
dump of compiler/backtypes.c that tests/unit/backtypes_test.c checks.
"""
import json
import re
import sys

TABLE = 'tests/unit/backtypes.golden'
RG = 'rg-lockdown'
LOCATION = 'westeurope'
ACL = {'defaultAction': 'Allow', 'bypass': 'AzureServices, Logging',
       'ipRules': [{'value': '203.0.113.7', 'action': 'Allow'}],
       'virtualNetworkRules': [{'id': '/subscriptions/s/resourceGroups/r/providers/'
                                      'Microsoft.Network/virtualNetworks/v/subnets/s'}],
       'resourceAccessRules': [{'tenantId': '72f988bf', 'resourceId': '/subscriptions/s/x'}]}
ENVELOPE = {'tags': {'owner': 'team-a', 'cost': '42'}, 'sku': {'name': 'S1', 'tier': 'Standard'}, 'kind': 'Kind1',
            'identity': {'type': 'SystemAssigned', 'principalId': 'p-1', 'tenantId': 't-1'},
            'plan': {'name': 'p', 'publisher': 'x', 'product': 'y'},
            'managedBy': '/subscriptions/s/resourceGroups/r', 'extendedLocation':
            {'name': 'edgezone', 'type': 'EdgeZone'}}


def rows():
    out, row = [], None
    with open(TABLE, encoding='utf-8') as f:
        for line in f:
            if line.startswith('  refused:'):
                row['refused'] = True
                continue
            # a firewall without a default action (Cosmos DB): its gate,
            # and how its IP rules are spelled
            m = re.match(r'^  firewall: .* ipRules\[\]\.(\w+)\S* .* deny=(\w+)=true$', line)
            if m and row['acl'] == '(properties)':
                row['ipkey'], row['gate'] = m.group(1), m.group(2)
                continue
            if line.startswith('  '):
                continue
            m = re.match(r'^(\S+) api=(\S+?)(?:\(restypes\))?(?: (\S+)=(\S+?)/(\S+?)(\(bool\))?)?'
                         r'(?: acl=(\S+))?(?: write=\S+)?(?: env=(.*?))?(?: omit=(.*))?$',
                         line.rstrip('\n'))
            row = dict(type=m.group(1), api=m.group(2), prop=m.group(3), off=m.group(4),
                       on=m.group(5), boolean=bool(m.group(6)), acl=m.group(7),
                       env=(m.group(8) or '').split(), omit=(m.group(9) or '').split(),
                       refused=False, gate=None, ipkey=None)
            out.append(row)
    return out


def takes(row, value):
    if row['refused'] or row['api'] == '-':
        return False
    return bool(row['acl']) if value == 'deny' else bool(row['prop'])


VALUES = ('disabled', 'enabled', 'deny')


def chosen():
    """(name, row, value) of every back end of the spec: disabled for every
    type that takes it; enabled and deny for those with a network ACL
    (enabled without one sets the same property as disabled does, and a
    run of the script costs a second per back end)."""
    out = []
    for i, row in enumerate(rows()):
        for v in VALUES:
            if takes(row, v) and (v == 'disabled' or row['acl']):
                # lkbe + number + d/e/y fits every type's naming rule (6-50
                # characters for a Service Bus namespace)
                out.append(('lkbe%02d%s' % (i, 'dey'[VALUES.index(v)]), row, v))
    return out


def rid(sub, row, name):
    return '/subscriptions/%s/resourceGroups/%s/providers/%s/%s' % (sub, RG, row['type'], name)


def set_path(obj, path, v):
    keys = path.split('.')
    for k in keys[:-1]:
        obj = obj.setdefault(k, {})
    obj[keys[-1]] = v


def typed(row, text):
    return {'true': True, 'false': False}[text] if row['boolean'] else text


# What a resource has of the members a restating PUT leaves out (a SQL
# server's Microsoft Entra administrator, Entra-only authentication on).
OMITTED = {'administrators': {'administratorType': 'ActiveDirectory', 'principalType': 'Group',
                              'login': 'sql-admins', 'sid': '00000000-0000-0000-0000-0000000000a1',
                              'tenantId': '00000000-0000-0000-0000-0000000000a2',
                              'azureADOnlyAuthentication': True},
           'administratorLogin': 'CloudSA1a2b3c4d',
           # what a GET of a site returns of its configuration, not the
           # configuration itself (arm-template-whatif#90)
           'siteConfig': {'numberOfWorkers': 1, 'linuxFxVersion': '', 'alwaysOn': False}}


# A firewall that is members of the properties, with a gate for a
# default action (Cosmos DB): its members before the run, and the IP rule
# the spec's deny writes (deny needs one: VN390).
GATED = {'networkAclBypass': 'AzureServices',
         'virtualNetworkRules': [{'id': '/subscriptions/s/resourceGroups/r/providers/'
                                        'Microsoft.Network/virtualNetworks/v/subnets/s'}]}
GATED_IP = '198.51.100.9'


def gated(row, on):
    out = json.loads(json.dumps(GATED))
    out[row['gate']] = on
    out['ipRules'] = [{row['ipkey']: '203.0.113.7'}]
    return out


def live_resource(row, value):
    """The back end before the run: the opposite of what VALUE asks."""
    props = {'provisioningState': 'Succeeded', 'otherSetting': {'keep': [1, 2], 'mode': 'x'}}
    if row['gate']:
        props.update(gated(row, value == 'enabled'))
    else:
        props[row['acl'] or 'networkAcls'] = json.loads(json.dumps(ACL))
    for k in row['omit']:
        props[k] = json.loads(json.dumps(OMITTED[k]))
    if value == 'enabled' and not row['gate']:
        props[row['acl'] or 'networkAcls']['defaultAction'] = 'Deny'
    if row['prop']:
        set_path(props, row['prop'], typed(row, row['off' if value == 'enabled' else 'on']))
        if '.' in row['prop']:                 # its object's other members stay
            set_path(props, row['prop'].split('.')[0] + '.delegatedSubnetResourceId', '/s/x')
    res = {'id': None, 'name': None, 'type': row['type'], 'location': LOCATION}
    for k in row['env']:
        res[k] = json.loads(json.dumps(ENVELOPE[k]))
    res['properties'] = props
    return res


def cmd_spec():
    print('# generated by tests/tools/lockdown.py: a back end of every type')
    print('# for every public_access value it takes')
    print('resource_group: %s\nlocation: %s' % (RG, LOCATION))
    print('vnets:\n  vnet:\n    address_space: 10.60.0.0/16\n    subnets:\n'
          '      endpoints: { prefix: 10.60.1.0/24 }\n'
          '      integ: { prefix: 10.60.2.0/26, delegation: Microsoft.Web/serverFarms }')
    print('backends:')
    for name, row, value in chosen():
        print('  %s:\n    type: %s\n    public_access: %s' % (name, row['type'], value))
        if row['gate'] and value == 'deny':
            print('    firewall: { ip_rules: [%s] }' % GATED_IP)
    print('plans:\n  plan: { name: %s, sku: %s, instances: 3 }' % (PLAN, SKU[0]))
    print('apps:\n  app: { name: %s, plan: plan, https_only: true, vnet_integration: integ, '
          'uses: [] }' % APP)


# The plan and the app: their types' restatements (body.c), what they
# have before the run that the spec does not mention, and what the spec
# changes (the SKU's name and tier; HTTPS, the integration, Route All).
PLAN, APP, SKU = 'asp-lockdown', 'app-lockdown', ('P1v3', 'PremiumV3')
WEB = {'plan': dict(type='Microsoft.Web/serverfarms', env=['tags', 'sku', 'kind', 'extendedLocation'],
                    omit=[]),
       'app': dict(type='Microsoft.Web/sites', env=['tags', 'kind', 'identity', 'extendedLocation'],
                   omit=['siteConfig'])}


def web_live(sub):
    """{id: resource}: the plan and the app before the run."""
    plan_id = rid(sub, WEB['plan'], PLAN)
    return {
        plan_id: {'location': LOCATION, 'tags': {'owner': 'team-a'}, 'kind': 'linux',
                  'sku': {'name': 'S1', 'tier': 'Standard', 'size': 'S1', 'family': 'S',
                          'capacity': 3},
                  'properties': {'reserved': True, 'perSiteScaling': True,
                                 'maximumElasticWorkerCount': 5, 'zoneRedundant': False,
                                 'provisioningState': 'Succeeded'}},
        rid(sub, WEB['app'], APP): {
            'location': LOCATION, 'tags': {'owner': 'team-a', 'cost': '42'}, 'kind': 'app,linux',
            'identity': {'type': 'SystemAssigned', 'principalId': 'p-2', 'tenantId': 't-1'},
            'properties': {'serverFarmId': plan_id, 'httpsOnly': False,
                           'vnetRouteAllEnabled': False, 'clientAffinityEnabled': True,
                           'keyVaultReferenceIdentity': 'SystemAssigned',
                           'publicNetworkAccess': 'Enabled', 'provisioningState': 'Succeeded',
                           'siteConfig': json.loads(json.dumps(OMITTED['siteConfig']))}}}


def web_want(sub, what, before):
    """What the spec's change makes of the plan or app before."""
    want = json.loads(json.dumps(before))
    if what == 'plan':
        want['sku'].update(name=SKU[0], tier=SKU[1])
    else:
        want['properties'].update(
            httpsOnly=True, vnetRouteAllEnabled=True,
            virtualNetworkSubnetId='/subscriptions/%s/resourceGroups/%s/providers/'
            'Microsoft.Network/virtualNetworks/vnet/subnets/integ' % (sub, RG))
    return want


def live(sub):
    # the back ends' resource group exists: vnetc apply reads it first
    out = {'/subscriptions/%s/resourceGroups/%s' % (sub, RG): {'location': LOCATION,
                                                               'properties': {}}}
    for name, row, value in chosen():
        res = live_resource(row, value)
        res['id'], res['name'] = rid(sub, row, name), name
        out[res['id']] = res
    for i, res in web_live(sub).items():
        out[i] = dict(res, id=i, name=i.split('/')[-1])
    return out


def compared(row, res):
    """The keys a restating PUT carries, and no read-only ones; a SKU's
    name and tier in lower case (az sends them upper-cased, ARM compares
    them without case: docs/azure-notes.md 13)."""
    if res is None:
        return None
    keys = ['location', 'properties'] + row['env']
    out = {k: json.loads(json.dumps(res[k])) for k in keys if k in res}
    out.get('properties', {}).pop('provisioningState', None)
    for k in ('name', 'tier'):
        if isinstance(out.get('sku'), dict) and isinstance(out['sku'].get(k), str):
            out['sku'][k] = out['sku'][k].lower()
    return out


def template_state(row, put, before):
    """What a restating PUT leaves: the body, and what the type leaves
    out of it as it was (the resource provider keeps it); None, and a
    complaint, when the body carries what it must leave out."""
    if put is None:
        return None, None
    sent = [k for k in row['omit'] if k in put.get('properties', {})]
    if sent:
        return None, 'its PUT restates %s' % ', '.join(sent)
    state = json.loads(json.dumps(put))
    for k in row['omit']:
        if k in before.get('properties', {}):
            state.setdefault('properties', {})[k] = before['properties'][k]
    return state, None


def cmd_compare(sub, mock_path, fake_path, puts_path):
    with open(mock_path, encoding='utf-8') as f:
        mock = {k.lower(): v for k, v in json.load(f).items()}
    with open(fake_path, encoding='utf-8') as f:
        fake = {k.lower(): v for k, v in json.load(f).items()}
    with open(puts_path, encoding='utf-8') as f:
        puts = {k.lower(): v for k, v in json.load(f).items()}
    bad, n = [], {}

    def judge(row, name, what, before, want):
        key = rid(sub, row, name).lower()
        fkey = rid('0000', row, name).lower()
        tstate, why = template_state(row, puts.get(key), before)
        if why:
            bad.append('%s (%s, %s): the template: %s' % (row['type'], name, what, why))
        got = {'executor': compared(row, mock.get(key)),
               'script': compared(row, fake.get(fkey)),
               'template': compared(row, tstate)}
        # the fake az's ids are in subscription 0000
        want = {who: compared(row, want(s)) for who, s in
                (('executor', sub), ('script', '0000'), ('template', sub))}
        for who, state in got.items():
            if state != want[who] and not (who == 'template' and why):
                bad.append('%s (%s, %s): the %s leaves\n    %s\n  want\n    %s' % (
                    row['type'], name, what, who, json.dumps(state, sort_keys=True),
                    json.dumps(want[who], sort_keys=True)))

    for name, row, value in chosen():
        n[value] = n.get(value, 0) + 1
        before = live_resource(row, value)
        want = json.loads(json.dumps(before))
        if value == 'deny' and row['gate']:
            # the gate on, the spec's IP rule in place of Azure's, the
            # rest kept
            want['properties'][row['gate']] = True
            want['properties']['ipRules'] = [{row['ipkey']: GATED_IP}]
        elif value == 'deny':
            want['properties'][row['acl']]['defaultAction'] = 'Deny'
        else:
            set_path(want['properties'], row['prop'], typed(row, row['on' if value == 'enabled'
                                                                   else 'off']))
            if row['gate'] and value == 'enabled':
                # open: the gate off, no IP rule keeping anyone out
                want['properties'][row['gate']] = False
                want['properties']['ipRules'] = []
            elif row['acl'] and value == 'enabled':
                want['properties'][row['acl']]['defaultAction'] = 'Allow'
        judge(row, name, value, before, lambda s, w=want: w)
    for what, name in (('plan', PLAN), ('app', APP)):
        row = WEB[what]
        before = web_live(sub)[rid(sub, row, name)]
        judge(row, name, what, before,
              lambda s, w=what, nm=name, r=row: web_want(s, w, web_live(s)[rid(s, r, nm)]))
    if bad or len(n) != len(VALUES):
        print('\n'.join(bad) or 'not every value is taken: %s' % n)
        return 1
    print('%s, a plan and an app: the executor, the script and the template reach the same '
          'end state' % ', '.join('%d back ends %s' % (n[v], v) for v in VALUES))
    return 0


def main():
    a = sys.argv[1:]
    if a[:1] == ['spec']:
        cmd_spec()
    elif a[:1] == ['live']:
        print(json.dumps(live(a[1]), indent=1, sort_keys=True))
    elif a[:1] == ['compare']:
        return cmd_compare(*a[1:5])
    else:
        sys.exit(__doc__)
    return 0


if __name__ == '__main__':
    sys.exit(main())
