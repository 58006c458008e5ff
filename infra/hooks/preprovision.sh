#!/bin/sh
# azd preprovision hook: the app's two secrets are made once per azd environment and kept in it
# (.azure/<env>/.env), so every later `azd provision`/`azd up` re-applies the same values: a new
# key-hash secret would invalidate every API key, a new signing key every license in flight.
# On a machine without the environment's values, it refuses to invent new ones for a deployment whose
# Key Vault already holds them, and prints how to restore them instead.
#   LIPSYNC_KEY_HASH_SECRET       48 random bytes, base64 (HMAC-SHA256 key for API keys at rest)
#   LIPSYNC_SIGNING_KEY_PEM_B64   a P-256 private key (PKCS#8 PEM), base64 on one line
set -eu

value_of() { azd env get-value "$1" 2>/dev/null || true; }

existing_vault() {
  command -v az >/dev/null 2>&1 || return 0
  az keyvault list --resource-group "rg-${AZURE_ENV_NAME}" --query "[0].name" -o tsv 2>/dev/null || true
}

for name in LIPSYNC_KEY_HASH_SECRET LIPSYNC_SIGNING_KEY_PEM_B64; do
  if [ -n "$(value_of "$name")" ]; then
    continue
  fi

  vault=$(existing_vault)
  if [ -n "$vault" ]; then
    case $name in
      LIPSYNC_KEY_HASH_SECRET) secret=key-hash-secret; restore='--query value -o tsv' ;;
      *) secret=license-signing-key; restore='--query value -o tsv | base64 -w0' ;;
    esac
    echo "error: $name is not in azd environment '${AZURE_ENV_NAME}', but Key Vault '$vault' already holds it." >&2
    echo "A new value would silently rotate it. Restore it (needs the Key Vault Secrets User role on the vault):" >&2
    echo "  azd env set $name \"\$(az keyvault secret show --vault-name $vault --name $secret $restore)\"" >&2
    exit 1
  fi

  case $name in
    LIPSYNC_KEY_HASH_SECRET) made=$(openssl rand -base64 48) ;;
    *) made=$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt | base64 | tr -d '\n') ;;
  esac
  azd env set "$name" "$made" >/dev/null
  echo "made $name for azd environment '${AZURE_ENV_NAME}' (kept in .azure/${AZURE_ENV_NAME}/.env: back it up)"
done
