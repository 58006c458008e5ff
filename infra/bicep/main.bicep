// One deployment stands up the whole backend: resource group, storage (Entra ID only), Key Vault
// (RBAC), monitoring, the Functions app on Flex Consumption with a user-assigned identity, least-
// privilege roles, and Event Grid routing BlobCreated under audio-in to the timeline-jobs queue.
//   az deployment sub create -l <region> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
// or `azd up` (azure.yaml at the repository root).
targetScope = 'subscription'

@minLength(1)
@maxLength(32)
@description('Environment name (azd: AZURE_ENV_NAME); names and tags derive from it.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (azd: AZURE_LOCATION).')
param location string

@allowed([512, 2048, 4096])
@description('Memory per Functions instance; 2048 MB is the recommended default.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Upper bound on Functions instances (cost ceiling).')
param maximumInstanceCount int = 100

@minValue(0)
@description('Always-ready instances for the HTTP functions (0: scale to zero, cold starts possible).')
param alwaysReadyInstances int = 0

@minValue(0)
@description('Days after which audio in the drop zone is deleted (0 keeps it).')
param dropZoneRetentionDays int = 30

@description('Key Vault purge protection: on for production (the vault then outlives `azd down` for 90 days, so a re-created environment needs a new name); off by default so `azd down --purge` then `azd up` works.')
param keyVaultPurgeProtection bool = false

@secure()
@description('PKCS#8 PEM of the P-256 license signing key (see README: openssl ecparam ...).')
param licenseSigningKeyPem string

@secure()
@description('Secret API keys are hashed with (HMAC-SHA256), at least 32 random bytes; keep it stable.')
param keyHashSecret string

@secure()
@description('During a signing-key rotation only: the previous PEM, still published in the JWKS (docs/deploy.md).')
param previousSigningKeyPem string = ''

var tags = { 'azd-env-name': environmentName, product: 'lipsync' }
var token = uniqueString(subscription().id, environmentName, location)
var deploymentContainerName = 'app-package-${take(token, 8)}'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: group
  name: 'identity'
  params: { name: 'id-${environmentName}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  name: 'monitoring'
  params: { name: environmentName, location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  scope: group
  name: 'storage'
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    dropZoneRetentionDays: dropZoneRetentionDays
  }
}

module vault 'modules/keyvault.bicep' = {
  scope: group
  name: 'keyvault'
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
    licenseSigningKeyPem: licenseSigningKeyPem
    keyHashSecret: keyHashSecret
    // Without a rotation under way the "previous" key is the current one (the JWKS lists it once).
    previousSigningKeyPem: empty(previousSigningKeyPem) ? licenseSigningKeyPem : previousSigningKeyPem
  }
}

module events 'modules/eventgrid.bicep' = {
  scope: group
  name: 'eventgrid'
  params: { name: environmentName, location: location, tags: tags, storageAccountId: storage.outputs.id }
}

module roles 'modules/roles.bicep' = {
  scope: group
  name: 'roles'
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    appPrincipalId: identity.outputs.principalId
    eventGridPrincipalId: events.outputs.principalId
  }
}

module route 'modules/eventgrid-subscription.bicep' = {
  scope: group
  name: 'eventgrid-subscription'
  params: { topicName: events.outputs.topicName, storageAccountId: storage.outputs.id }
  dependsOn: [roles]
}

module app 'modules/functionapp.bicep' = {
  scope: group
  name: 'functionapp'
  params: {
    // *.azurewebsites.net is global: the environment name alone ('lipsync') collides across tenants.
    name: '${environmentName}-${take(token, 8)}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultName: vault.outputs.name
    signingKeySecretName: vault.outputs.signingKeySecretName
    keyHashSecretName: vault.outputs.keyHashSecretName
    previousSigningKeySecretName: vault.outputs.previousSigningKeySecretName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
  }
  // Key Vault references and identity-based storage resolve at start: grant first.
  dependsOn: [roles]
}

output AZURE_RESOURCE_GROUP string = group.name
output FUNCTION_APP_NAME string = app.outputs.name
output API_BASE_URL string = 'https://${app.outputs.defaultHostName}/api'
output JWKS_URL string = 'https://${app.outputs.defaultHostName}/api/v1/license/jwks'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output DROP_ZONE_URL string = '${storage.outputs.blobEndpoint}audio-in'
output KEY_VAULT_NAME string = vault.outputs.name
