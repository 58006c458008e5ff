// Key Vault in RBAC mode for the app's secrets: the license signing key (PEM, ES256), during a rotation
// the previous one, and the HMAC secret API keys are hashed with. The app reads them through Key Vault
// references. Values come from the azd environment, made once by infra/hooks/preprovision.sh.

param name string
param location string
param tags object

@description('Purge protection; Key Vault accepts only true or absent, never false.')
param purgeProtection bool

@secure()
@description('PKCS#8 PEM of the P-256 license signing key.')
param licenseSigningKeyPem string

@secure()
@description('The previous signing key PEM, published in the JWKS during a rotation; the current key otherwise.')
param previousSigningKeyPem string

@secure()
@description('Secret for hashing API keys at rest (HMAC-SHA256); changing it invalidates every key.')
param keyHashSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'license-signing-key'
  properties: { value: licenseSigningKeyPem, contentType: 'application/x-pem-file' }
}

resource previousSigningKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'license-previous-signing-key'
  properties: { value: previousSigningKeyPem, contentType: 'application/x-pem-file' }
}

resource hashSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'key-hash-secret'
  properties: { value: keyHashSecret }
}

output name string = vault.name
output id string = vault.id
output signingKeySecretName string = signingKey.name
output keyHashSecretName string = hashSecret.name
output previousSigningKeySecretName string = previousSigningKey.name
