using 'main.bicep'

// Values come from the environment so nothing secret is written here. With azd, infra/hooks/preprovision.sh
// makes the two secrets once and keeps them in the azd environment (.azure/<env>/.env), so every later
// provision re-applies the same values; it refuses to invent new ones for a vault that already holds some.
// PEMs travel base64-encoded (one line in the azd .env). Without azd, export them yourself (docs/deploy.md):
//   export LIPSYNC_SIGNING_KEY_PEM_B64="$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt | base64 -w0)"
//   export LIPSYNC_KEY_HASH_SECRET="$(openssl rand -base64 48)"
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'lipsync')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param licenseSigningKeyPem = base64ToString(readEnvironmentVariable('LIPSYNC_SIGNING_KEY_PEM_B64'))
param keyHashSecret = readEnvironmentVariable('LIPSYNC_KEY_HASH_SECRET')
param previousSigningKeyPem = base64ToString(readEnvironmentVariable('LIPSYNC_PREVIOUS_SIGNING_KEY_PEM_B64', ''))
param keyVaultPurgeProtection = bool(readEnvironmentVariable('KEY_VAULT_PURGE_PROTECTION', 'false'))
