// Sécurité du Quotidien: everything the bot needs in one resource group.
// The bot authenticates with a user-assigned managed identity: there is no secret anywhere,
// neither in app settings nor in the Azure Bot registration.

targetScope = 'resourceGroup'

@description('Azure region of the resources (the Azure Bot itself is global).')
param location string = 'francecentral'

@description('Short prefix of every resource name, lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(20)
param baseName string = 'securite-quotidien'

@description('Web App name: its host name is <webAppName>.azurewebsites.net, unique across Azure.')
@maxLength(60)
param webAppName string = '${baseName}-${uniqueString(resourceGroup().id)}'

@description('Storage account name: 3 to 24 lowercase letters and digits, unique across Azure.')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'sq${uniqueString(resourceGroup().id)}'

@description('App Service plan SKU (Basic or above: alwaysOn is required for the reminder sweep).')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSkuName string = 'B1'

@description('Number of Web App instances (the bot takes leases, so several instances are safe).')
@minValue(1)
@maxValue(10)
param appServiceInstanceCount int = 1

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSkuName string = 'Standard_ZRS'

@description('Azure Bot pricing tier: F0 is free (Teams is a standard channel), S1 is the paid tier.')
@allowed([
  'F0'
  'S1'
])
param botSkuName string = 'F0'

@description('Name of the Azure Bot as shown in the Azure portal.')
param botDisplayName string = 'Sécurité du Quotidien'

@description('Microsoft Entra tenant of the bot identity and of the Teams users it serves.')
param tenantId string = tenant().tenantId

@description('Tables of the bot\'s state: Storage:TablePrefix ("sq") + the names in SecuriteQuotidien.Storage StorageTables.')
param tableNames array = [
  'sqIssues'
  'sqIssuesByReporter'
  'sqIssueEvents'
  'sqDueDays'
  'sqCounters'
  'sqConversations'
  'sqProcessedActivities'
  'sqLeases'
  'sqOutbox'
]

@description('Days that Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

// Built-in role "Storage Table Data Contributor".
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource botIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSkuName
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Only Microsoft Entra (the managed identity) may read or write: no account key in use.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    accessTier: 'Hot'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, botIdentity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: botIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${baseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSkuName
    capacity: appServiceInstanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${botIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: botIdentity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: tenantId
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: botIdentity.properties.clientId
        }
        {
          name: 'Storage__TableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'Storage__ManagedIdentityClientId'
          value: botIdentity.properties.clientId
        }
        {
          name: 'BotFramework__AllowedTenants__0'
          value: tenantId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'ASPNETCORE_ENVIRONMENT'
          value: 'Production'
        }
        {
          // The package is published already: no build on the App Service side.
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
}

// No publishing passwords: deployments authenticate with Microsoft Entra (az webapp deploy).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${baseName}-bot-${uniqueString(resourceGroup().id)}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSkuName
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: botIdentity.properties.clientId
    msaAppMSIResourceId: botIdentity.id
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('Host name of the Web App: BOT_DOMAIN of the Teams app package.')
output appHostName string = webApp.properties.defaultHostName

@description('Name of the Web App, for the zip deployment.')
output webAppName string = webApp.name

@description('Bot id (client id of the managed identity): BOT_ID of the Teams app package.')
output botId string = botIdentity.properties.clientId

@description('Table endpoint of the storage account.')
output tableEndpoint string = storage.properties.primaryEndpoints.table
