/* privatelink.c - private endpoint DNS zone tables, one per cloud, and the
 * lookups spec.c uses to pick the zones for a (resource type, group id)
 * pair (VN306, VN307, VN310 are reported there) and check.c to check the
 * zones a spec gives (VN322, VN323, VN327). Pure data: no I/O, no
 * diagnostics. Source and update steps: docs/privatelink.md. */
#include "privatelink.h"

#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Notes shared by several rows. */
#define NOTE_REGIONCODE "{regionCode} is the short region code, e.g. eus, ne"
#define NOTE_AVD "doc puts workspaces and hostpools in one cell; paired " \
	"feed->workspaces, connection->hostpools as in Commercial"
#define NOTE_BARE(ns) "doc writes the bare namespace " ns

/*
 * Commercial. Source: MicrosoftDocs articles/private-link/
 * private-endpoint-dns.md, section "Commercial"
 * (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
 * ms.date: 08/04/2025 on the last repo copy read with front matter
 * (specialized806/azure-docs@50704489); rows follow the later revision
 * published 2026-05-07 (learn page), whose copies show no ms.date: it
 * adds Video Indexer and Maps and has Power BI's prod. zone.
 * Doc order; a cell with several group ids becomes one row per group id;
 * a pair the doc lists twice appears once.
 */
static const struct plrow public_rows[] = {
	/* AI + Machine Learning */
	{"Microsoft.MachineLearningServices/workspaces", "amlworkspace",
	    {"privatelink.api.azureml.ms",
	    "privatelink.notebooks.azure.net"}, NULL},
	{"Microsoft.MachineLearningServices/registries", "amlregistry",
	    {"privatelink.api.azureml.ms"}, NULL},
	{"Microsoft.CognitiveServices/accounts", "account",
	    {"privatelink.cognitiveservices.azure.com",
	    "privatelink.openai.azure.com",
	    "privatelink.services.ai.azure.com"},
	    "which zones an account's names are in depends on its kind: "
	    "kind_zones[] below"},
	{"Microsoft.BotService/botServices", "Bot",
	    {"privatelink.directline.botframework.com"}, NULL},
	{"Microsoft.BotService/botServices", "Token",
	    {"privatelink.token.botframework.com"}, NULL},

	/* Analytics */
	{"Microsoft.Synapse/workspaces", "Sql",
	    {"privatelink.sql.azuresynapse.net"}, NULL},
	{"Microsoft.Synapse/workspaces", "SqlOnDemand",
	    {"privatelink.sql.azuresynapse.net"}, NULL},
	{"Microsoft.Synapse/workspaces", "Dev",
	    {"privatelink.dev.azuresynapse.net"}, NULL},
	{"Microsoft.Synapse/privateLinkHubs", "Web",
	    {"privatelink.azuresynapse.net"}, NULL},
	{"Microsoft.EventHub/namespaces", "namespace",
	    {"privatelink.servicebus.windows.net"}, NULL},
	{"Microsoft.ServiceBus/namespaces", "namespace",
	    {"privatelink.servicebus.windows.net"},
	    "doc lists it twice (Analytics, Integration), same zone"},
	{"Microsoft.DataFactory/factories", "dataFactory",
	    {"privatelink.datafactory.azure.net"}, NULL},
	{"Microsoft.DataFactory/factories", "portal",
	    {"privatelink.adf.azure.com"}, NULL},
	{"Microsoft.HDInsight/clusters", "gateway",
	    {"privatelink.azurehdinsight.net"}, NULL},
	{"Microsoft.HDInsight/clusters", "headnode",
	    {"privatelink.azurehdinsight.net"}, NULL},
	{"Microsoft.Kusto/Clusters", "cluster",
	    {"privatelink.{regionName}.kusto.windows.net",
	    "privatelink.blob.core.windows.net",
	    "privatelink.queue.core.windows.net",
	    "privatelink.table.core.windows.net"}, NULL},
	{"Microsoft.PowerBI/privateLinkServicesForPowerBI", "tenant",
	    {"privatelink.analysis.windows.net",
	    "privatelink.pbidedicated.windows.net",
	    "privatelink.prod.powerquery.microsoft.com"},
	    "older doc revisions say privatelink.tip1.powerquery."
	    "microsoft.com"},
	{"Microsoft.Databricks/workspaces", "databricks_ui_api",
	    {"privatelink.azuredatabricks.net"}, NULL},
	{"Microsoft.Databricks/workspaces", "browser_authentication",
	    {"privatelink.azuredatabricks.net"}, NULL},
	{"Microsoft.Fabric/privateLinkServicesForFabric", "workspace",
	    {"privatelink.fabric.microsoft.com"}, NULL},

	/* Compute */
	{"Microsoft.Batch/batchAccounts", "batchAccount",
	    {"privatelink.batch.azure.com"}, NULL},
	{"Microsoft.Batch/batchAccounts", "nodeManagement",
	    {"privatelink.batch.azure.com"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "global",
	    {"privatelink-global.wvd.microsoft.com"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "feed",
	    {"privatelink.wvd.microsoft.com"}, NULL},
	{"Microsoft.DesktopVirtualization/hostpools", "connection",
	    {"privatelink.wvd.microsoft.com"}, NULL},

	/* Containers */
	{"Microsoft.ContainerService/managedClusters", "management",
	    {"privatelink.{regionName}.azmk8s.io",
	    "{subzone}.privatelink.{regionName}.azmk8s.io"},
	    "alternatives: the default name or a custom {subzone} one for "
	    "the cluster's single private zone"},
	{"Microsoft.App/ManagedEnvironments", "managedEnvironments",
	    {"privatelink.{regionName}.azurecontainerapps.io"}, NULL},
	{"Microsoft.ContainerRegistry/registries", "registry",
	    {"privatelink.azurecr.io"},
	    "{regionName}.data.privatelink.azurecr.io is no zone: its "
	    "records go into privatelink.azurecr.io (doc footnote 1)"},

	/* Databases */
	{"Microsoft.Sql/servers", "sqlServer",
	    {"privatelink.database.windows.net"}, NULL},
	{"Microsoft.Sql/managedInstances", "managedInstance",
	    {"privatelink.{dnsPrefix}.database.windows.net"},
	    "{dnsPrefix} is the instance's own DNS prefix"},
	{"Microsoft.DocumentDB/databaseAccounts", "Sql",
	    {"privatelink.documents.azure.com"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "MongoDB",
	    {"privatelink.mongo.cosmos.azure.com"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Cassandra",
	    {"privatelink.cassandra.cosmos.azure.com"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Gremlin",
	    {"privatelink.gremlin.cosmos.azure.com"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Table",
	    {"privatelink.table.cosmos.azure.com"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Analytical",
	    {"privatelink.analytics.cosmos.azure.com"}, NULL},
	{"Microsoft.DBforPostgreSQL/serverGroupsv2", "coordinator",
	    {"privatelink.postgres.cosmos.azure.com"}, NULL},
	{"Microsoft.DocumentDB/mongoClusters", "MongoCluster",
	    {"privatelink.mongocluster.cosmos.azure.com"}, NULL},
	{"Microsoft.DBforPostgreSQL/servers", "postgresqlServer",
	    {"privatelink.postgres.database.azure.com"}, NULL},
	{"Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer",
	    {"privatelink.postgres.database.azure.com"}, NULL},
	{"Microsoft.DBforMySQL/servers", "mysqlServer",
	    {"privatelink.mysql.database.azure.com"}, NULL},
	{"Microsoft.DBforMySQL/flexibleServers", "mysqlServer",
	    {"privatelink.mysql.database.azure.com"}, NULL},
	{"Microsoft.DBforMariaDB/servers", "mariadbServer",
	    {"privatelink.mariadb.database.azure.com"}, NULL},
	{"Microsoft.Cache/Redis", "redisCache",
	    {"privatelink.redis.cache.windows.net"}, NULL},
	{"Microsoft.Cache/RedisEnterprise", "redisEnterprise",
	    {"privatelink.redisenterprise.cache.azure.net",
	    "privatelink.redis.azure.net"},
	    "product-dependent zone: Azure Cache for Redis Enterprise uses "
	    "the first, Azure Managed Redis the second"},

	/* Hybrid + multicloud */
	{"Microsoft.HybridCompute/privateLinkScopes", "hybridcompute",
	    {"privatelink.his.arc.azure.com",
	    "privatelink.guestconfiguration.azure.com",
	    "privatelink.dp.kubernetesconfiguration.azure.com"}, NULL},

	/* Integration (Service Bus is above, under Analytics) */
	{"Microsoft.EventGrid/topics", "topic",
	    {"privatelink.eventgrid.azure.net"}, NULL},
	{"Microsoft.EventGrid/domains", "domain",
	    {"privatelink.eventgrid.azure.net"}, NULL},
	{"Microsoft.EventGrid/namespaces", "topic",
	    {"privatelink.eventgrid.azure.net"}, NULL},
	{"Microsoft.EventGrid/namespaces", "topicSpace",
	    {"privatelink.ts.eventgrid.azure.net"}, NULL},
	{"Microsoft.EventGrid/partnerNamespaces", "partnernamespace",
	    {"privatelink.eventgrid.azure.net"}, NULL},
	{"Microsoft.ApiManagement/service", "Gateway",
	    {"privatelink.azure-api.net"}, NULL},
	{"Microsoft.HealthcareApis/workspaces", "healthcareworkspace",
	    {"privatelink.azurehealthcareapis.com",
	    "privatelink.dicom.azurehealthcareapis.com"}, NULL},

	/* Internet of Things */
	{"Microsoft.Devices/IotHubs", "iotHub",
	    {"privatelink.azure-devices.net",
	    "privatelink.servicebus.windows.net"},
	    "the servicebus zone serves the built-in Event Hubs-compatible "
	    "endpoint (doc footnote 2)"},
	{"Microsoft.Devices/ProvisioningServices", "iotDps",
	    {"privatelink.azure-devices-provisioning.net"}, NULL},
	{"Microsoft.DeviceUpdate/accounts", "DeviceUpdate",
	    {"privatelink.api.adu.microsoft.com"}, NULL},
	{"Microsoft.IoTCentral/IoTApps", "iotApp",
	    {"privatelink.azureiotcentral.com",
	    "privatelink.azure-devices.net",
	    "privatelink.servicebus.windows.net",
	    "privatelink.azure-devices-provisioning.net"}, NULL},
	{"Microsoft.DigitalTwins/digitalTwinsInstances", "API",
	    {"privatelink.digitaltwins.azure.net"}, NULL},

	/* Media */
	{"Microsoft.Media/mediaservices", "keydelivery",
	    {"privatelink.media.azure.net"}, NULL},
	{"Microsoft.Media/mediaservices", "liveevent",
	    {"privatelink.media.azure.net"}, NULL},
	{"Microsoft.Media/mediaservices", "streamingendpoint",
	    {"privatelink.media.azure.net"}, NULL},
	{"Microsoft.VideoIndexer/accounts", "account",
	    {"privatelink.api.videoindexer.ai"}, NULL},

	/* Management and Governance */
	{"Microsoft.Automation/automationAccounts", "Webhook",
	    {"privatelink.azure-automation.net"}, NULL},
	{"Microsoft.Automation/automationAccounts", "DSCAndHybridWorker",
	    {"privatelink.azure-automation.net"}, NULL},
	{"Microsoft.RecoveryServices/vaults", "AzureBackup",
	    {"privatelink.{regionCode}.backup.windowsazure.com",
	    "privatelink.blob.core.windows.net",
	    "privatelink.queue.core.windows.net"}, NOTE_REGIONCODE},
	{"Microsoft.RecoveryServices/vaults", "AzureBackup_secondary",
	    {"privatelink.{regionCode}.backup.windowsazure.com",
	    "privatelink.blob.core.windows.net",
	    "privatelink.queue.core.windows.net"}, NOTE_REGIONCODE},
	{"Microsoft.RecoveryServices/vaults", "AzureSiteRecovery",
	    {"privatelink.siterecovery.windowsazure.com"}, NULL},
	{"Microsoft.Insights/privateLinkScopes", "azuremonitor",
	    {"privatelink.monitor.azure.com",
	    "privatelink.oms.opinsights.azure.com",
	    "privatelink.ods.opinsights.azure.com",
	    "privatelink.agentsvc.azure-automation.net",
	    "privatelink.blob.core.windows.net"}, NULL},
	{"Microsoft.Purview/accounts", "account",
	    {"privatelink.purview.azure.com"}, NULL},
	{"Microsoft.Purview/accounts", "portal",
	    {"privatelink.purviewstudio.azure.com"}, NULL},
	{"Microsoft.Purview/accounts", "platform",
	    {"privatelink.purview-service.microsoft.com"}, NULL},
	{"Microsoft.Migrate/migrateProjects", "Default",
	    {"privatelink.prod.migration.windowsazure.com"}, NULL},
	{"Microsoft.Migrate/assessmentProjects", "Default",
	    {"privatelink.prod.migration.windowsazure.com"}, NULL},
	{"Microsoft.Authorization/resourceManagementPrivateLinks",
	    "ResourceManagement", {"privatelink.azure.com"}, NULL},
	{"Microsoft.Dashboard/grafana", "grafana",
	    {"privatelink.grafana.azure.com"}, NULL},
	{"Microsoft.Monitor/accounts", "prometheusMetrics",
	    {"privatelink.{region}.prometheus.monitor.azure.com"},
	    "{region} as the doc writes it, likely {regionName}; not derived "
	    "until confirmed"},

	/* Security */
	{"Microsoft.KeyVault/vaults", "vault",
	    {"privatelink.vaultcore.azure.net"}, NULL},
	{"Microsoft.KeyVault/managedHSMs", "managedhsm",
	    {"privatelink.managedhsm.azure.net"}, NULL},
	{"Microsoft.AppConfiguration/configurationStores",
	    "configurationStores", {"privatelink.azconfig.io"}, NULL},
	{"Microsoft.Attestation/attestationProviders", "standard",
	    {"privatelink.attest.azure.net"}, NULL},

	/* Storage */
	{"Microsoft.Storage/storageAccounts", "blob",
	    {"privatelink.blob.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "blob_secondary",
	    {"privatelink.blob.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table",
	    {"privatelink.table.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table_secondary",
	    {"privatelink.table.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue",
	    {"privatelink.queue.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue_secondary",
	    {"privatelink.queue.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "file",
	    {"privatelink.file.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web",
	    {"privatelink.web.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web_secondary",
	    {"privatelink.web.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs",
	    {"privatelink.dfs.core.windows.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs_secondary",
	    {"privatelink.dfs.core.windows.net"}, NULL},
	{"Microsoft.StorageSync/storageSyncServices", "afs",
	    {"privatelink.afs.azure.net"}, NULL},
	{"Microsoft.Compute/diskAccesses", "disks",
	    {"privatelink.blob.core.windows.net"}, NULL},
	{"Microsoft.ElasticSan/elasticSans", "volumegroup",
	    {"privatelink.blob.core.windows.net"}, NULL},
	{"Microsoft.FileShares/fileShares", "FileShare",
	    {"privatelink.file.core.windows.net"}, NULL},

	/* Web */
	{"Microsoft.Search/searchServices", "searchService",
	    {"privatelink.search.windows.net"}, NULL},
	{"Microsoft.Relay/namespaces", "namespace",
	    {"privatelink.servicebus.windows.net"}, NULL},
	{"Microsoft.Web/sites", "sites",
	    {"privatelink.azurewebsites.net"},
	    "scm.privatelink.azurewebsites.net is no zone: the SCM (Kudu) "
	    "record goes into privatelink.azurewebsites.net (doc footnote 3)"},
	{"Microsoft.SignalRService/SignalR", "signalr",
	    {"privatelink.service.signalr.net"}, NULL},
	{"Microsoft.Web/staticSites", "staticSites",
	    {"privatelink.azurestaticapps.net",
	    "privatelink.{partitionId}.azurestaticapps.net"},
	    "{partitionId} belongs to the site's default host name"},
	{"Microsoft.Maps/accounts", "account",
	    {"privatelink.account.maps.azure.com"}, NULL},
	{"Microsoft.SignalRService/WebPubSub", "webpubsub",
	    {"privatelink.webpubsub.azure.com"}, NULL},
};

/*
 * US Government. Source: MicrosoftDocs articles/private-link/
 * private-endpoint-dns.md, section "Government". ms.date: 08/04/2025 on
 * the last repo copy read with front matter (specialized806/azure-docs@
 * 50704489); the 2026-05-07 revision (copy without ms.date) adds the two
 * Azure Migrate rows. Doc order, as for public_rows.
 */
static const struct plrow usgov_rows[] = {
	/* AI + Machine Learning */
	{"Microsoft.CognitiveServices/accounts", "account",
	    {"privatelink.cognitiveservices.azure.us"}, NULL},
	{"Microsoft.MachineLearningServices/workspaces", "amlworkspace",
	    {"privatelink.api.ml.azure.us",
	    "privatelink.notebooks.usgovcloudapi.net"}, NULL},

	/* Analytics */
	{"Microsoft.EventHub/namespaces", "namespace",
	    {"privatelink.servicebus.usgovcloudapi.net"},
	    "doc lists it twice (Analytics, Web), same zone"},
	{"Microsoft.Synapse/workspaces", "Sql",
	    {"privatelink.sql.azuresynapse.usgovcloudapi.net"}, NULL},
	{"Microsoft.Synapse/workspaces", "SqlOnDemand",
	    {"privatelink.sql.azuresynapse.usgovcloudapi.net"}, NULL},
	{"Microsoft.Synapse/workspaces", "Dev",
	    {"privatelink.dev.azuresynapse.usgovcloudapi.net"}, NULL},
	{"Microsoft.Synapse/privateLinkHubs", "Web",
	    {"privatelink.azuresynapse.usgovcloudapi.net"}, NULL},
	{"Microsoft.DataFactory/factories", "dataFactory",
	    {"privatelink.datafactory.azure.us"}, NULL},
	{"Microsoft.DataFactory/factories", "portal",
	    {"privatelink.adf.azure.us"}, NULL},
	{"Microsoft.HDInsight/clusters", "gateway",
	    {"privatelink.azurehdinsight.us"},
	    NOTE_BARE("Microsoft.HDInsight")},
	{"Microsoft.HDInsight/clusters", "headnode",
	    {"privatelink.azurehdinsight.us"},
	    NOTE_BARE("Microsoft.HDInsight")},
	{"Microsoft.Databricks/workspaces", "databricks_ui_api",
	    {"privatelink.databricks.azure.us"}, NULL},
	{"Microsoft.Databricks/workspaces", "browser_authentication",
	    {"privatelink.databricks.azure.us"}, NULL},

	/* Compute */
	{"Microsoft.Batch/batchAccounts", "batchAccount",
	    {"privatelink.batch.usgovcloudapi.net"}, NULL},
	{"Microsoft.Batch/batchAccounts", "nodeManagement",
	    {"privatelink.batch.usgovcloudapi.net"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "global",
	    {"privatelink-global.wvd.azure.us"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "feed",
	    {"privatelink.wvd.azure.us"}, NOTE_AVD},
	{"Microsoft.DesktopVirtualization/hostpools", "connection",
	    {"privatelink.wvd.azure.us"}, NOTE_AVD},

	/* Containers */
	{"Microsoft.ContainerRegistry/registries", "registry",
	    {"privatelink.azurecr.us",
	    "{regionName}.privatelink.azurecr.us"},
	    "listed as a zone here, without Commercial's footnote 1 (data "
	    "names are no zone)"},

	/* Databases */
	{"Microsoft.Sql/servers", "sqlServer",
	    {"privatelink.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.Sql/managedInstances", "managedInstance",
	    {"privatelink.{dnsPrefix}.database.usgovcloudapi.net"},
	    "{dnsPrefix} is the instance's own DNS prefix"},
	{"Microsoft.DocumentDB/databaseAccounts", "Sql",
	    {"privatelink.documents.azure.us"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "MongoDB",
	    {"privatelink.mongo.cosmos.azure.us"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Cassandra",
	    {"privatelink.cassandra.cosmos.azure.us"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Gremlin",
	    {"privatelink.gremlin.cosmos.azure.us"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Table",
	    {"privatelink.table.cosmos.azure.us"}, NULL},
	{"Microsoft.DBforPostgreSQL/servers", "postgresqlServer",
	    {"privatelink.postgres.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer",
	    {"privatelink.postgres.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.DBforMySQL/servers", "mysqlServer",
	    {"privatelink.mysql.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.DBforMySQL/flexibleServers", "mysqlServer",
	    {"privatelink.mysql.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.DBforMariaDB/servers", "mariadbServer",
	    {"privatelink.mariadb.database.usgovcloudapi.net"}, NULL},
	{"Microsoft.Cache/Redis", "redisCache",
	    {"privatelink.redis.cache.usgovcloudapi.net"}, NULL},

	/* Integration */
	{"Microsoft.ServiceBus/namespaces", "namespace",
	    {"privatelink.servicebus.usgovcloudapi.net"}, NULL},
	{"Microsoft.EventGrid/topics", "topic",
	    {"privatelink.eventgrid.azure.us"}, NULL},
	{"Microsoft.EventGrid/domains", "domain",
	    {"privatelink.eventgrid.azure.us"}, NULL},
	{"Microsoft.HealthcareApis/workspaces", "healthcareworkspace",
	    {"privatelink.workspace.azurehealthcareapis.us",
	    "privatelink.fhir.azurehealthcareapis.us",
	    "privatelink.dicom.azurehealthcareapis.us"}, NULL},

	/* Internet of Things */
	{"Microsoft.Devices/IotHubs", "iotHub",
	    {"privatelink.azure-devices.us",
	    "privatelink.servicebus.windows.us"},
	    "servicebus.windows.us as the doc writes it, likely a typo for "
	    "servicebus.usgovcloudapi.net (its forwarder); for the built-in "
	    "Event Hubs-compatible endpoint"},
	{"Microsoft.Devices/ProvisioningServices", "iotDps",
	    {"privatelink.azure-devices-provisioning.us"}, NULL},

	/* Management and Governance */
	{"Microsoft.Automation/automationAccounts", "Webhook",
	    {"privatelink.azure-automation.us"}, NULL},
	{"Microsoft.Automation/automationAccounts", "DSCAndHybridWorker",
	    {"privatelink.azure-automation.us"}, NULL},
	{"Microsoft.RecoveryServices/vaults", "AzureBackup",
	    {"privatelink.{regionCode}.backup.windowsazure.us"},
	    NOTE_REGIONCODE "; no blob/queue zones here, unlike Commercial"},
	{"Microsoft.Migrate/migrateProjects", "Default",
	    {"privatelink.prod.migration.windowsazure.us"}, NULL},
	{"Microsoft.Migrate/assessmentProjects", "Default",
	    {"privatelink.prod.migration.windowsazure.us"}, NULL},
	{"Microsoft.RecoveryServices/vaults", "AzureSiteRecovery",
	    {"privatelink.siterecovery.windowsazure.us"}, NULL},
	/* The doc lists 6 zones; a zone group takes 5 (see note). */
	{"Microsoft.Insights/privateLinkScopes", "azuremonitor",
	    {"privatelink.monitor.azure.us",
	    "privatelink.adx.monitor.azure.us",
	    "privatelink.oms.opinsights.azure.us",
	    "privatelink.ods.opinsights.azure.us",
	    "privatelink.agentsvc.azure-automation.us"},
	    "doc lists a 6th zone, privatelink.blob.core.usgovcloudapi.net, "
	    "but a zone group holds 5: link it and add its record outside "
	    "the group"},
	{"Microsoft.Purview/accounts", "account",
	    {"privatelink.purview.azure.us"}, NOTE_BARE("Microsoft.Purview")},
	{"Microsoft.Purview/accounts", "portal",
	    {"privatelink.purviewstudio.azure.us"},
	    NOTE_BARE("Microsoft.Purview")},

	/* Security */
	{"Microsoft.KeyVault/vaults", "vault",
	    {"privatelink.vaultcore.usgovcloudapi.net"}, NULL},
	{"Microsoft.AppConfiguration/configurationStores",
	    "configurationStores", {"privatelink.azconfig.azure.us"}, NULL},

	/* Storage */
	{"Microsoft.Storage/storageAccounts", "blob",
	    {"privatelink.blob.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "blob_secondary",
	    {"privatelink.blob.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table",
	    {"privatelink.table.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table_secondary",
	    {"privatelink.table.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue",
	    {"privatelink.queue.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue_secondary",
	    {"privatelink.queue.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "file",
	    {"privatelink.file.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "file_secondary",
	    {"privatelink.file.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web",
	    {"privatelink.web.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web_secondary",
	    {"privatelink.web.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs",
	    {"privatelink.dfs.core.usgovcloudapi.net"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs_secondary",
	    {"privatelink.dfs.core.usgovcloudapi.net"}, NULL},

	/* Web (Event Hubs, listed here again, is above) */
	{"Microsoft.Search/searchServices", "searchService",
	    {"privatelink.search.azure.us"}, NULL},
	{"Microsoft.Relay/namespaces", "namespace",
	    {"privatelink.servicebus.usgovcloudapi.net"}, NULL},
	{"Microsoft.Web/sites", "sites",
	    {"privatelink.azurewebsites.us"},
	    "scm.privatelink.azurewebsites.us is no zone: the SCM (Kudu) "
	    "record goes into privatelink.azurewebsites.us (doc footnote 2)"},
};

/*
 * China (21Vianet). Source: MicrosoftDocs articles/private-link/
 * private-endpoint-dns.md, section "China". ms.date: 08/04/2025 on the
 * last repo copy read with front matter (specialized806/azure-docs@
 * 50704489); the 2026-05-07 revision has the same rows. Doc order.
 */
static const struct plrow china_rows[] = {
	/* AI + Machine Learning */
	{"Microsoft.MachineLearningServices/workspaces", "amlworkspace",
	    {"privatelink.api.ml.azure.cn",
	    "privatelink.notebooks.chinacloudapi.cn"}, NULL},

	/* Analytics */
	{"Microsoft.DataFactory/factories", "dataFactory",
	    {"privatelink.datafactory.azure.cn"}, NULL},
	{"Microsoft.DataFactory/factories", "portal",
	    {"privatelink.adf.azure.cn"}, NULL},
	{"Microsoft.HDInsight/clusters", "gateway",
	    {"privatelink.azurehdinsight.cn"},
	    NOTE_BARE("Microsoft.HDInsight")},
	{"Microsoft.HDInsight/clusters", "headnode",
	    {"privatelink.azurehdinsight.cn"},
	    NOTE_BARE("Microsoft.HDInsight")},
	{"Microsoft.Kusto/Clusters", "cluster",
	    {"privatelink.{regionName}.kusto.windows.cn"}, NULL},

	/* Compute */
	{"Microsoft.Batch/batchAccounts", "batchAccount",
	    {"privatelink.batch.chinacloudapi.cn"}, NULL},
	{"Microsoft.Batch/batchAccounts", "nodeManagement",
	    {"privatelink.batch.chinacloudapi.cn"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "global",
	    {"privatelink-global.wvd.azure.cn"}, NULL},
	{"Microsoft.DesktopVirtualization/workspaces", "feed",
	    {"privatelink.wvd.azure.cn"}, NOTE_AVD},
	{"Microsoft.DesktopVirtualization/hostpools", "connection",
	    {"privatelink.wvd.azure.cn"}, NOTE_AVD},

	/* Databases */
	{"Microsoft.Sql/servers", "sqlServer",
	    {"privatelink.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Sql",
	    {"privatelink.documents.azure.cn"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "MongoDB",
	    {"privatelink.mongo.cosmos.azure.cn"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Cassandra",
	    {"privatelink.cassandra.cosmos.azure.cn"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Gremlin",
	    {"privatelink.gremlin.cosmos.azure.cn"}, NULL},
	{"Microsoft.DocumentDB/databaseAccounts", "Table",
	    {"privatelink.table.cosmos.azure.cn"}, NULL},
	{"Microsoft.DBforPostgreSQL/servers", "postgresqlServer",
	    {"privatelink.postgres.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer",
	    {"privatelink.postgres.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.DBforMySQL/servers", "mysqlServer",
	    {"privatelink.mysql.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.DBforMySQL/flexibleServers", "mysqlServer",
	    {"privatelink.mysql.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.DBforMariaDB/servers", "mariadbServer",
	    {"privatelink.mariadb.database.chinacloudapi.cn"}, NULL},
	{"Microsoft.Cache/Redis", "redisCache",
	    {"privatelink.redis.cache.chinacloudapi.cn"}, NULL},

	/* Integration */
	{"Microsoft.ServiceBus/namespaces", "namespace",
	    {"privatelink.servicebus.chinacloudapi.cn"}, NULL},

	/* Internet of Things */
	{"Microsoft.Devices/IotHubs", "iotHub",
	    {"privatelink.azure-devices.cn",
	    "privatelink.servicebus.chinacloudapi.cn"},
	    "the servicebus zone serves the built-in Event Hubs-compatible "
	    "endpoint (doc footnote 1)"},
	{"Microsoft.Devices/ProvisioningServices", "iotDps",
	    {"privatelink.azure-devices-provisioning.cn"}, NULL},

	/* Management and Governance */
	{"Microsoft.Automation/automationAccounts", "Webhook",
	    {"privatelink.azure-automation.cn"}, NULL},
	{"Microsoft.Automation/automationAccounts", "DSCAndHybridWorker",
	    {"privatelink.azure-automation.cn"}, NULL},

	/* Security */
	{"Microsoft.KeyVault/vaults", "vault",
	    {"privatelink.vaultcore.azure.cn"}, NULL},

	/* Storage */
	{"Microsoft.Storage/storageAccounts", "blob",
	    {"privatelink.blob.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "blob_secondary",
	    {"privatelink.blob.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table",
	    {"privatelink.table.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "table_secondary",
	    {"privatelink.table.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue",
	    {"privatelink.queue.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "queue_secondary",
	    {"privatelink.queue.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "file",
	    {"privatelink.file.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "file_secondary",
	    {"privatelink.file.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web",
	    {"privatelink.web.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "web_secondary",
	    {"privatelink.web.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs",
	    {"privatelink.dfs.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.Storage/storageAccounts", "dfs_secondary",
	    {"privatelink.dfs.core.chinacloudapi.cn"}, NULL},
	{"Microsoft.StorageSync/storageSyncServices", "afs",
	    {"privatelink.afs.azure.cn"}, NULL},

	/* Web */
	{"Microsoft.EventHub/namespaces", "namespace",
	    {"privatelink.servicebus.chinacloudapi.cn"}, NULL},
	{"Microsoft.Relay/namespaces", "namespace",
	    {"privatelink.servicebus.chinacloudapi.cn"}, NULL},
	{"Microsoft.Web/sites", "sites",
	    {"privatelink.chinacloudsites.cn"}, NULL},
	{"Microsoft.SignalRService/SignalR", "signalR",
	    {"privatelink.signalr.azure.cn"},
	    "group id spelt signalR here, signalr in Commercial"},
};

/* One entry per enum cloud, in its order. ORDER CLOUD */
static const struct {
	const char *name;	/* vnetc's spelling, in specs and output */
	const char *azname;	/* az cloud / ARM environment name */
	const struct plrow *rows;
	size_t nrows;
} clouds[] = {
	{"public", "AzureCloud", public_rows, NELEM(public_rows)},
	{"usgov", "AzureUSGovernment", usgov_rows, NELEM(usgov_rows)},
	{"china", "AzureChinaCloud", china_rows, NELEM(china_rows)},
};

/* Placeholders the doc uses. Only regionName can be derived, from the
 * spec's location; the others are per instance, per user or unconfirmed
 * ({region}, see the Prometheus row). */
static const char *const placeholders[] = {
	"regionName", "regionCode", "dnsPrefix", "partitionId", "subzone",
	"region",
};

static bool
valid_cloud(enum cloud c)
{
	return (size_t)c < NELEM(clouds);
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* ASCII only, so the locale cannot change what ARM names match. */
static bool
eqi(const char *a, const char *b)
{
	for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b);
	    a++, b++)
		;
	return lower((unsigned char)*a) == lower((unsigned char)*b);
}

bool
privatelink_cloud_parse(const char *s, enum cloud *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < NELEM(clouds); i++)
		if (eqi(s, clouds[i].name) || eqi(s, clouds[i].azname)) {
			*out = (enum cloud)i;
			return true;
		}
	return false;
}

const char *
privatelink_cloud_name(enum cloud c)
{
	return valid_cloud(c) ? clouds[c].name : NULL;
}

const char *
privatelink_cloud_azname(enum cloud c)
{
	return valid_cloud(c) ? clouds[c].azname : NULL;
}

size_t
privatelink_nrows(enum cloud c)
{
	return valid_cloud(c) ? clouds[c].nrows : 0;
}

const struct plrow *
privatelink_row(enum cloud c, size_t i)
{
	return i < privatelink_nrows(c) ? &clouds[c].rows[i] : NULL;
}

/* The rows of each cloud sorted by type (case-insensitively), table order
 * within a type, built on first use: every endpoint of an estate looks
 * its type up, and a scan of the table each time was a seventh of checking
 * a 20-VNet spec (callgrind; issue 6). Row numbers fit a byte. */
_Static_assert(NELEM(public_rows) <= 256 && NELEM(usgov_rows) <= 256 &&
    NELEM(china_rows) <= 256, "bytype[] holds row numbers as bytes");
static unsigned char bytype[NELEM(clouds)][256];
static bool indexed[NELEM(clouds)];
static const struct plrow *sorting; /* by_type's rows */

/* strcmp, ASCII case-insensitively. */
static int
cmpi(const char *a, const char *b)
{
	for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b);
	    a++, b++)
		;
	return lower((unsigned char)*a) - lower((unsigned char)*b);
}

/* The same over the first n bytes. */
static int
cmpi_n(const char *a, const char *b, size_t n)
{
	for (; n > 1 && *a && lower((unsigned char)*a) ==
	    lower((unsigned char)*b); a++, b++, n--)
		;
	return n ? lower((unsigned char)*a) - lower((unsigned char)*b) : 0;
}

static int
by_type(const void *x, const void *y)
{
	unsigned char i = *(const unsigned char *)x;
	unsigned char j = *(const unsigned char *)y;
	int r = cmpi(sorting[i].type, sorting[j].type);

	return r ? r : (i > j) - (i < j);
}

/* The rows of type in cloud c, in table order: bytype[c][*first ..
 * *first + the count returned). */
static size_t
type_rows(enum cloud c, const char *type, size_t *first)
{
	const struct plrow *rows = clouds[c].rows;
	const unsigned char *ix = bytype[c];
	size_t n = clouds[c].nrows, lo = 0, hi = n;

	if (!indexed[c]) {
		for (size_t i = 0; i < n; i++)
			bytype[c][i] = (unsigned char)i;
		sorting = rows;
		qsort(bytype[c], n, 1, by_type);
		indexed[c] = true;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmpi(rows[ix[mid]].type, type) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < n && cmpi(rows[ix[hi]].type, type) == 0; hi++)
		;
	*first = lo;
	return hi - lo;
}

/*
 * Group ids that name one instance of a row's group, in every cloud. An
 * App Service deployment slot is reached through its app with the group
 * id "sites-<slot name>" and the app's zones: "The subresource name of a
 * slot is sites-<slot-name>" (MicrosoftDocs azure-docs, articles/
 * app-service/overview-private-endpoint.md, ms.date 04/23/2025,
 * https://learn.microsoft.com/azure/app-service/overview-private-endpoint).
 * Microsoft's zone table has no row for Microsoft.Web/sites/slots.
 * A slot's name: 2-59 alphanumerics and hyphens (Naming rules and
 * restrictions for Azure resources, Microsoft.Web, sites / slots,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/
 * resource-name-rules); the page's later revision also allows Unicode
 * that maps to Punycode, which vnetc does not take here.
 */
static const struct {
	const char *type;	/* the target's ARM type */
	const char *group;	/* the row whose zones the instance uses */
	const char *prefix;	/* group id = prefix + instance name */
	size_t minlen, maxlen;	/* the instance name's length */
	const char *hint;	/* for messages */
} instances[] = {
	{"Microsoft.Web/sites", "sites", "sites-", 2, 59,
	    "sites-<slot name> for a deployment slot, whose name is 2-59 "
	    "letters, digits and hyphens"},
};

/* Type hints for targets that are not in the table but are reached
 * through one that is. */
static const struct {
	const char *type, *hint;
} reached_through[] = {
	{"Microsoft.Web/sites/slots", "a deployment slot is reached through "
	    "its app: type Microsoft.Web/sites, group_id sites-<slot name>"},
};

static bool
instance_name_ok(const char *name, size_t minlen, size_t maxlen)
{
	size_t n = strlen(name);

	if (n < minlen || n > maxlen)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static const struct plrow *
find_exact(enum cloud c, const char *type, const char *group)
{
	size_t first, n = type_rows(c, type, &first);

	for (size_t k = first; k < first + n; k++) {
		const struct plrow *r = &clouds[c].rows[bytype[c][k]];
		if (eqi(r->group, group))
			return r;
	}
	return NULL;
}

const struct plrow *
privatelink_find(enum cloud c, const char *type, const char *group)
{
	const struct plrow *r;

	if (!type || !group || !valid_cloud(c))
		return NULL;
	if ((r = find_exact(c, type, group)))
		return r;
	for (size_t i = 0; i < NELEM(instances); i++) {
		size_t n = strlen(instances[i].prefix);
		if (eqi(type, instances[i].type) && strlen(group) > n &&
		    cmpi_n(group, instances[i].prefix, n) == 0 &&
		    instance_name_ok(group + n, instances[i].minlen,
		    instances[i].maxlen))
			return find_exact(c, type, instances[i].group);
	}
	return NULL;
}

const char *
privatelink_hint(enum cloud c, const char *type)
{
	if (!type || !valid_cloud(c))
		return NULL;
	for (size_t i = 0; i < NELEM(instances); i++)
		if (eqi(type, instances[i].type) &&
		    find_exact(c, type, instances[i].group))
			return instances[i].hint;
	for (size_t i = 0; i < NELEM(reached_through); i++)
		if (eqi(type, reached_through[i].type))
			return reached_through[i].hint;
	return NULL;
}

size_t
privatelink_groups(enum cloud c, const char *type, const char **out,
    size_t max)
{
	size_t n = 0, first, nrows;

	if (!type || !valid_cloud(c))
		return 0;
	nrows = type_rows(c, type, &first);
	for (size_t k = first; k < first + nrows; k++) {
		const struct plrow *r = &clouds[c].rows[bytype[c][k]];
		/* The test keeps (type, group) unique, but a group listed
		 * twice must still be offered once. */
		bool seen = false;
		for (size_t j = first; j < k && !seen; j++)
			seen = eqi(clouds[c].rows[bytype[c][j]].group,
			    r->group);
		if (seen)
			continue;
		if (n < max)
			out[n] = r->group;
		n++;
	}
	return n;
}

bool
privatelink_type_known(enum cloud c, const char *type)
{
	return privatelink_groups(c, type, NULL, 0) > 0;
}

/* The entry of placeholders[] named by the len bytes at s, or NULL. */
static const char *
placeholder(const char *s, size_t len)
{
	for (size_t i = 0; i < NELEM(placeholders); i++)
		if (strlen(placeholders[i]) == len &&
		    memcmp(placeholders[i], s, len) == 0)
			return placeholders[i];
	return NULL;
}

bool
privatelink_expand(const char *zone, const char *region, char *buf,
    size_t bufsz, const char **missing)
{
	const char *dummy;
	size_t n = 0;

	if (!missing)
		missing = &dummy;
	*missing = NULL;
	if (bufsz > 0)
		buf[0] = '\0';
	if (!zone)
		return false;
	if (region && !*region)
		region = NULL;
	/* First pass: name an underivable placeholder even when buf is
	 * also too small, since that is the error the user can fix. */
	for (const char *p = zone; *p; p++) {
		if (*p == '}')
			return false;
		if (*p != '{')
			continue;
		const char *end = strchr(p, '}');
		const char *name = end ?
		    placeholder(p + 1, (size_t)(end - p - 1)) : NULL;
		if (!name)
			return false;
		if (strcmp(name, "regionName") != 0 || !region) {
			*missing = name;
			return false;
		}
		p = end;
	}
	if (bufsz == 0)
		return false;
	/* Second pass: copy, keeping n < bufsz for the final NUL. */
	for (const char *p = zone; *p; p++) {
		const char *s = p;
		size_t len = 1;
		if (*p == '{') {
			s = region;
			len = strlen(region);
			p = strchr(p, '}');
		}
		if (len >= bufsz - n) {
			buf[0] = '\0';
			return false;
		}
		memcpy(buf + n, s, len);
		n += len;
	}
	buf[n] = '\0';
	return true;
}

/*
 * Rows whose zones serve different names of the target depending on its
 * kind (the resource's "kind" property), in every cloud. A zone is named
 * by its first label after "privatelink.", which is the same in every
 * cloud. For each kind: the zone its endpoint resolves through (missing
 * from dns_zones: VN322), and the zones that serve its other names or the
 * names it may gain (missing: VN327, with why). Kinds compare ASCII
 * case-insensitively; kind NULL is every kind the rows before do not name.
 *
 * A Cognitive Services account (Foundry Tools) of kind OpenAI answers on
 * <subdomain>.openai.azure.com only: every entry of its properties.
 * endpoints is there, the portal's private endpoint creates that zone
 * alone (Configure Azure OpenAI networking, https://learn.microsoft.com/
 * azure/ai-foundry/openai/how-to/network), and so do Microsoft's samples
 * (Azure-Samples/openai-end-to-end-baseline, infra-as-code/bicep/
 * openai.bicep). An upgrade to a Foundry resource (kind AIServices, which
 * Microsoft makes for eligible accounts; https://learn.microsoft.com/
 * azure/ai-foundry/how-to/upgrade-azure-openai) keeps that endpoint and
 * adds the account's cognitiveservices and services.ai ones; a Foundry
 * resource's endpoint is <subdomain>.cognitiveservices.azure.com, and
 * Microsoft's samples give it all three zones (openai-end-to-end-baseline,
 * ai-foundry.bicep). Other kinds (TextAnalytics, ...) answer on the
 * cognitiveservices name only.
 */
#define COG "Microsoft.CognitiveServices/accounts"
static const struct {
	const char *type, *group, *label;
	const char *serves;	/* what names the zone holds */
} zone_serves[] = {
	{COG, "account", "cognitiveservices", "the account's cognitiveservices "
	    "endpoint, for Foundry Tools APIs such as Language and Vision"},
	{COG, "account", "openai", "the account's openai endpoint, for the "
	    "Azure OpenAI API"},
	{COG, "account", "services", "the account's services.ai endpoint, "
	    "for the Foundry API: projects and agents"},
};
static const struct {
	const char *type, *group;
	const char *kind;	/* NULL: any other kind */
	const char *main;	/* label of the zone its endpoint is in */
	const char *useful;	/* labels of other zones worth having,
				 * separated by spaces */
	const char *why;	/* why they are */
} kind_zones[] = {
	{COG, "account", "OpenAI", "openai", "cognitiveservices services",
	    "an OpenAI account answers only on its openai endpoint, but an "
	    "upgrade to a Foundry resource (kind AIServices, which Microsoft "
	    "makes for eligible accounts) adds these"},
	{COG, "account", "AIServices", "cognitiveservices", "openai services",
	    "a Foundry resource (kind AIServices) answers on these too"},
	{COG, "account", NULL, "cognitiveservices", "", NULL},
};
#undef COG

/* The label of zone after "privatelink.", as a length at *start. */
static size_t
zone_label(const char *zone, const char **start)
{
	if (strncmp(zone, "privatelink.", 12) == 0)
		zone += 12;
	*start = zone;
	return strcspn(zone, ".");
}

/* Whether the space-separated list has the word of n bytes at w. */
static bool
has_word(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (strcspn(p, " ") == n && strncmp(p, w, n) == 0)
			return true;
	}
	return false;
}

enum plneed
privatelink_need(const struct plrow *row, size_t i, const char *kind,
    const char **why)
{
	const char *label;
	size_t n;

	if (why)
		*why = NULL;
	if (!row || i >= PL_MAXZONES || !row->zones[i])
		return PL_UNUSED;
	n = zone_label(row->zones[i], &label);
	for (size_t k = 0; k < NELEM(kind_zones); k++) {
		if (!eqi(row->type, kind_zones[k].type) ||
		    !eqi(row->group, kind_zones[k].group))
			continue;
		/* kind unknown: every zone, whichever the kind is */
		if (!kind)
			return PL_NEEDED;
		if (kind_zones[k].kind && !eqi(kind, kind_zones[k].kind))
			continue;
		if (strlen(kind_zones[k].main) == n &&
		    strncmp(kind_zones[k].main, label, n) == 0)
			return PL_NEEDED;
		if (!has_word(kind_zones[k].useful, label, n))
			return PL_UNUSED;
		if (why)
			*why = kind_zones[k].why;
		return PL_USEFUL;
	}
	return PL_NEEDED;
}

bool
privatelink_by_kind(const struct plrow *row)
{
	for (size_t k = 0; row && k < NELEM(kind_zones); k++)
		if (eqi(row->type, kind_zones[k].type) &&
		    eqi(row->group, kind_zones[k].group))
			return true;
	return false;
}

const char *
privatelink_serves(const struct plrow *row, size_t i)
{
	const char *label;
	size_t n;

	if (!row || i >= PL_MAXZONES || !row->zones[i])
		return NULL;
	n = zone_label(row->zones[i], &label);
	for (size_t k = 0; k < NELEM(zone_serves); k++)
		if (eqi(row->type, zone_serves[k].type) &&
		    eqi(row->group, zone_serves[k].group) &&
		    strlen(zone_serves[k].label) == n &&
		    strncmp(zone_serves[k].label, label, n) == 0)
			return zone_serves[k].serves;
	return NULL;
}

/* Rows whose zones are alternatives, in every cloud (see their notes). */
static const char *const choose[][2] = {
	{"Microsoft.ContainerService/managedClusters", "management"},
	{"Microsoft.Cache/RedisEnterprise", "redisEnterprise"},
};

bool
privatelink_choose(const struct plrow *row)
{
	for (size_t i = 0; i < NELEM(choose); i++)
		if (eqi(row->type, choose[i][0]) && eqi(row->group, choose[i][1]))
			return true;
	return false;
}
