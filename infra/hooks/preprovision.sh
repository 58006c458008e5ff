#!/bin/sh
# azd preprovision hook: the app's two secrets are made once per azd environment and kept in it
# (.azure/<env>/.env), so every later `azd provision`/`azd up` re-applies the same values: a new
# key-hash secret would invalidate every API key, a new signing key every license in flight.
# Before making a value it asks Azure (az CLI, logged in to the environment's subscription) whether
# this environment's Key Vault already exists; if it does, it refuses and prints how to restore the
# value instead. If it cannot ask (no az, not logged in, another subscription), it stops too: a
# missing answer is never taken for "no vault".
#   LIPSYNC_KEY_HASH_SECRET       48 random bytes, base64 (HMAC-SHA256 key for API keys at rest)
#   LIPSYNC_SIGNING_KEY_PEM_B64   a P-256 private key (PKCS#8 PEM), base64 on one line
set -eu

value_of() { azd env get-value "$1" 2>/dev/null || true; }

# Prints the environment's vault name, or nothing when the resource group has none; exits on any doubt.
existing_vault() {
  if ! command -v az >/dev/null 2>&1; then
    echo "error: the az CLI is needed to check that no Key Vault already holds this environment's secrets (az login)." >&2
    exit 1
  fi
  subscription=${AZURE_SUBSCRIPTION_ID:-}
  group="rg-${AZURE_ENV_NAME}"
  exists=$(az group exists --name "$group" ${subscription:+--subscription "$subscription"}) || {
    echo "error: could not ask Azure whether $group exists (az login, and the subscription azd uses)." >&2; exit 1; }
  [ "$exists" = true ] || return 0
  az keyvault list --resource-group "$group" ${subscription:+--subscription "$subscription"} --query "[0].name" -o tsv || {
    echo "error: could not list the Key Vaults in $group." >&2; exit 1; }
}

for name in LIPSYNC_KEY_HASH_SECRET LIPSYNC_SIGNING_KEY_PEM_B64; do
  if [ -n "$(value_of "$name")" ]; then
    continue
  fi

  vault=$(existing_vault)
  if [ -n "$vault" ]; then
    case $name in
      LIPSYNC_KEY_HASH_SECRET) secret=key-hash-secret; restore='--query value -o tsv' ;;
      *) secret=license-signing-key; restore='--query value -o tsv | openssl base64 -A' ;;
    esac
    echo "error: $name is not in azd environment '${AZURE_ENV_NAME}', but Key Vault '$vault' already holds it." >&2
    echo "A new value would silently rotate it. Restore it (needs the Key Vault Secrets User role on the vault):" >&2
    echo "  azd env set $name \"\$(az keyvault secret show --vault-name $vault --name $secret $restore)\"" >&2
    exit 1
  fi

  case $name in
    LIPSYNC_KEY_HASH_SECRET) made=$(openssl rand -base64 48 | tr -d '\n') ;;
    *) pem=$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)
       case $pem in *"BEGIN PRIVATE KEY"*) made=$(printf '%s\n' "$pem" | openssl base64 -A) ;; *) made="" ;; esac ;;
  esac
  if [ -z "$made" ]; then
    echo "error: openssl could not make $name." >&2
    exit 1
  fi
  azd env set "$name" "$made" >/dev/null
  echo "made $name for azd environment '${AZURE_ENV_NAME}' (kept in .azure/${AZURE_ENV_NAME}/.env: back it up)"
done
