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

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@minValue(0)
param alwaysReadyInstances int

// What one instance runs at once, sized to its memory (README, "Capacity"): running jobs hold at most
// half the instance between them (Jobs:MemoryBudgetMb, reserved from each input's size before it is
// read), decode workers are counted inside that reservation, and one account may hold only part of
// the decode workers, so another account's job always finds one.
var capacity = {
  '512': { jobMemoryMb: 256, decodeWorkers: 2, perAccount: 1 }
  '2048': { jobMemoryMb: 1024, decodeWorkers: 4, perAccount: 2 }
  '4096': { jobMemoryMb: 2048, decodeWorkers: 6, perAccount: 2 }
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
        { name: 'Jobs__MemoryBudgetMb', value: string(size.jobMemoryMb) }
        { name: 'Jobs__MaxConcurrentPerAccount', value: string(size.perAccount) }
        { name: 'Engine__DecodeWorkers', value: string(size.decodeWorkers) }
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
