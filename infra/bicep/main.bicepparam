using 'main.bicep'

// Values come from the environment so nothing secret is written here:
//   export AZURE_ENV_NAME=lipsync-prod AZURE_LOCATION=westeurope
//   export LIPSYNC_SIGNING_KEY_PEM="$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)"
//   export LIPSYNC_KEY_HASH_SECRET="$(openssl rand -base64 48)"
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'lipsync')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param licenseSigningKeyPem = readEnvironmentVariable('LIPSYNC_SIGNING_KEY_PEM')
param keyHashSecret = readEnvironmentVariable('LIPSYNC_KEY_HASH_SECRET')
param keyVaultPurgeProtection = bool(readEnvironmentVariable('KEY_VAULT_PURGE_PROTECTION', 'false'))
