// Sécurité du Quotidien: everything the bot needs in one resource group.
// The bot authenticates with a user-assigned managed identity: there is no secret anywhere,
// neither in app settings nor in the Azure Bot registration. The two keys the bot needs (pseudonyms,
// export link signatures) live in Key Vault; app settings only hold Key Vault references to them.
// Threat model of this deployment: docs/securite.md.

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

@description('App Service plan SKU (Basic or above: alwaysOn is required for the reminder sweep, and every tier listed has the regional virtual network integration that reaches the storage account).')
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
  'sqStatusTotals'
]

@description('Days that Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Key Vault name: 3 to 24 letters, digits and hyphens, unique across Azure. Purge protection keeps a deleted vault\'s name taken for 90 days: choose another name to redeploy into a re-created resource group.')
@minLength(3)
@maxLength(24)
param keyVaultName string = 'sqkv${uniqueString(resourceGroup().id)}'

@description('Client id (application id) of the Microsoft Entra app registration that signs users in for the export downloads (created with az ad app create: Bicep cannot create app registrations).')
@minLength(36)
@maxLength(36)
param exportSignInClientId string

@description('Key of the HMAC that signs export links (Export:SigningKey, at least 32 characters). Default: a new random GUID at every deployment, which only voids the links of the last 15 minutes.')
@secure()
param exportSigningKey string = newGuid()

@description('Key of the pseudonyms written on anonymisation (Retention:PseudonymKey, at least 32 characters). Give it at the first deployment only; empty (default) keeps the key already in the vault. Giving another one changes the pseudonyms of the issues anonymised afterwards.')
@secure()
param retentionPseudonymKey string = ''

@description('Address space of the virtual network that the Web App joins to reach the storage account (a /24 or larger; its first /26 is the App Service subnet).')
param virtualNetworkAddressPrefix string = '10.70.0.0/24'

// Built-in role "Storage Table Data Contributor".
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Built-in role "Key Vault Secrets User": reads secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// Built-in role "Monitoring Metrics Publisher": sends telemetry to Application Insights with an Entra token.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

var exportSigningKeySecretName = 'export-signing-key'
var retentionPseudonymKeySecretName = 'retention-pseudonym-key'
var appSubnetName = 'app-service'

// Issuer of the tokens of the department tenant's users (Entra ID v2.0 endpoint of the current cloud).
var signInAuthority = '${environment().authentication.loginEndpoint}${tenantId}/v2.0'

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
    // Telemetry is accepted only with a Microsoft Entra token (Monitoring Metrics Publisher below): the
    // connection string alone, which is no secret, lets nobody write into this resource.
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, botIdentity.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: botIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Web App's outbound way to the storage account: regional virtual network integration into a
// subnet that has the Microsoft.Storage service endpoint. A service endpoint rather than a private
// endpoint: no private DNS zone, no hourly endpoint cost, and only the storage traffic enters the
// network (no "route all", so Teams, Entra ID, Key Vault and Application Insights keep the default
// outbound path and need no NAT gateway).
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${baseName}-vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        virtualNetworkAddressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: cidrSubnet(virtualNetworkAddressPrefix, 26, 0)
          delegations: [
            {
              name: 'app-service-plan'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
          ]
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
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
    // Reachable only from the Web App's subnet (service endpoint above): a leaked token or a
    // misassigned role is useless from anywhere else, the Azure portal's data browser included.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: []
      virtualNetworkRules: [
        {
          id: vnet::appSubnet.id
          action: 'Allow'
        }
      ]
    }
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

// Holds the pseudonym and link-signing keys. RBAC only (no access policies): the bot's identity may read
// secrets, deployers write them through Azure Resource Manager, nobody lists them by default.
resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    accessPolicies: []
    // A deleted key stays recoverable for 90 days, and nobody can purge it early: losing the pseudonym key
    // would make the pseudonyms of later anonymisations unrelated to the earlier ones.
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource exportSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: keyVault
  name: exportSigningKeySecretName
  properties: {
    value: exportSigningKey
    contentType: 'Export:SigningKey'
  }
}

// Written only when given, so that a later deployment without it keeps the pseudonyms stable.
resource retentionPseudonymKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(retentionPseudonymKey)) {
  parent: keyVault
  name: retentionPseudonymKeySecretName
  properties: {
    value: retentionPseudonymKey
    contentType: 'Retention:PseudonymKey'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, botIdentity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
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
  // The Key Vault references below resolve only once the identity may read the secrets.
  dependsOn: [
    keyVaultSecretsUser
    exportSigningKeySecret
    retentionPseudonymKeySecret
  ]
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    // Key Vault references resolve with the bot's identity (the site has no system-assigned one).
    keyVaultReferenceIdentity: botIdentity.id
    virtualNetworkSubnetId: vnet::appSubnet.id
    siteConfig: {
      // Only private and service-endpoint traffic (the storage account) goes through the network.
      vnetRouteAllEnabled: false
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
          // Local authentication is off: the exporter sends with an Entra token of the bot's identity.
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${botIdentity.properties.clientId}'
        }
        {
          // Versionless references: a new secret version is picked up within a day, or at the next restart.
          name: 'Export__SigningKey'
          value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${exportSigningKeySecretName})'
        }
        {
          name: 'Retention__PseudonymKey'
          value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${retentionPseudonymKeySecretName})'
        }
        {
          // What the export endpoint checks in the ID token that App Service Authentication forwards
          // (X-MS-TOKEN-AAD-ID-TOKEN): issuer and signing keys from this authority's metadata, this tenant,
          // this app registration as audience.
          name: 'Export__SignIn__Authority'
          value: signInAuthority
        }
        {
          name: 'Export__SignIn__TenantId'
          value: tenantId
        }
        {
          name: 'Export__SignIn__ClientId'
          value: exportSignInClientId
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

// App Service Authentication (Easy Auth) in front of the bot. Sign-in is required everywhere except the two
// paths that cannot sign in: /api/messages (the Bot Connector service, which brings its own JWT that the bot
// validates) and /healthz (probes). Chosen over "AllowAnonymous + the app redirecting /exports to
// /.auth/login/aad": a path added later is protected until someone excludes it on purpose (fail closed), and
// the sign-in redirect does not depend on application code. Either way, once authentication is on, App
// Service does not let a client set the X-MS-CLIENT-PRINCIPAL-* headers, and the bot still validates the
// forwarded ID token's signature itself (Export__SignIn__* settings above).
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: webApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/messages'
        '/healthz'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          // No client secret: the ID token comes straight from the authorize endpoint (ID token issuance
          // enabled on the app registration), so there is no credential to store or rotate.
          clientId: exportSignInClientId
          openIdIssuer: signInAuthority
        }
        validation: {
          allowedAudiences: [
            exportSignInClientId
          ]
        }
      }
    }
    login: {
      // Keeps the ID token, so that it is forwarded to the bot as X-MS-TOKEN-AAD-ID-TOKEN.
      tokenStore: {
        enabled: true
      }
      // The session ends with the ID token: the token forwarded to the bot is never expired.
      cookieExpiration: {
        convention: 'IdentityProviderDerived'
      }
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

@description('Name of the Key Vault that holds the pseudonym and link-signing keys.')
output keyVaultName string = keyVault.name
