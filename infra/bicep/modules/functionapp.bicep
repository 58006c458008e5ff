// The Functions app on Flex Consumption (Linux, .NET isolated 10) running as a user-assigned identity.
// Every connection is identity-based: no connection strings, account keys or secrets in app settings
// (the two secrets are Key Vault references resolved with the same identity).

param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string
param appInsightsConnectionString string
param keyVaultName string
param signingKeySecretName string
param keyHashSecretName string

@description('Secret name of the previous signing key (the current one when no rotation is under way).')
param previousSigningKeySecretName string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@minValue(0)
param alwaysReadyInstances int

// What one instance runs at once, sized to its memory (docs/hardening.md, "Tenants and memory"):
// running jobs reserve at most jobMemoryMb between them (Jobs:MemoryBudgetMb, from each input's size
// before it is read); each decode worker is capped at decodeHeapMb (features stream out of it, so a
// worker holds only decoder buffers); budget + workers stay under 80 % of the instance, the rest is the
// runtime and the model. One account may hold only part of the decode workers.
var capacity = {
  '512': { jobMemoryMb: 128, decodeWorkers: 2, decodeHeapMb: 96, perAccount: 1 }
  '2048': { jobMemoryMb: 1024, decodeWorkers: 4, decodeHeapMb: 128, perAccount: 2 }
  '4096': { jobMemoryMb: 2048, decodeWorkers: 6, decodeHeapMb: 192, perAccount: 2 }
}
var size = capacity[string(instanceMemoryMB)]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${name}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Platform CORS stays off: the handlers answer CORS themselves (refusals included).
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'License__SigningKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${signingKeySecretName})' }
        { name: 'License__KeyHashSecret', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${keyHashSecretName})' }
        { name: 'License__PreviousSigningKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${previousSigningKeySecretName})' }
        { name: 'Jobs__MemoryBudgetMb', value: string(size.jobMemoryMb) }
        { name: 'Jobs__MaxConcurrentPerAccount', value: string(size.perAccount) }
        { name: 'Engine__DecodeWorkers', value: string(size.decodeWorkers) }
        { name: 'Engine__DecodeWorkerHeapMb', value: string(size.decodeHeapMb) }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
