using System.Text.Json;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;

namespace Lipsync.Cli.Admin;

/// <summary>JSON (with <c>--json</c>) or one human line per record. Key text appears only at creation.</summary>
internal static class AdminOutput
{
    public static void Account(AccountRecord account, bool json)
    {
        if (!json)
        {
            Console.WriteLine($"{account.AccountId}  {account.Status.WireName()}{(account.GraceUntil is { } g ? $" (grace until {g:O})" : "")}  origins: {(account.Origins.Count == 0 ? "(none)" : string.Join(", ", account.Origins))}");
            return;
        }

        Write(w =>
        {
            w.WriteString("accountId", account.AccountId);
            w.WriteString("status", account.Status.WireName());
            if (account.GraceUntil is { } grace)
            {
                w.WriteString("graceUntil", grace);
            }

            w.WriteStartArray("origins");
            foreach (var origin in account.Origins)
            {
                w.WriteStringValue(origin.ToString());
            }

            w.WriteEndArray();
        });
    }

    public static void Key(ApiKeyRecord key, string? plaintext, TimeSpan devLifetime, bool json)
    {
        var expiry = key.EffectiveExpiry(devLifetime);
        if (!json)
        {
            Console.WriteLine(plaintext is null
                ? $"{key.KeyId}  {key.Type.WireName()}  account {key.AccountId}  created {key.CreatedAt:O}{(expiry is { } e ? $"  expires {e:O}" : "")}{(key.Disabled ? "  DISABLED" : "")}"
                : $"{plaintext}\n(key id {key.KeyId}; the key is shown only now, store it safely)");
            return;
        }

        Write(w => WriteKey(w, key, plaintext, expiry));
    }

    public static void Keys(IReadOnlyList<ApiKeyRecord> keys, TimeSpan devLifetime, bool json)
    {
        if (!json)
        {
            foreach (var key in keys)
            {
                Key(key, null, devLifetime, json: false);
            }

            return;
        }

        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var key in keys)
            {
                w.WriteStartObject();
                WriteKey(w, key, null, key.EffectiveExpiry(devLifetime));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        Console.WriteLine();
    }

    private static void WriteKey(Utf8JsonWriter w, ApiKeyRecord key, string? plaintext, DateTimeOffset? expiry)
    {
        w.WriteString("keyId", key.KeyId);
        if (plaintext is not null)
        {
            w.WriteString("key", plaintext);
        }

        w.WriteString("type", key.Type.WireName());
        w.WriteString("accountId", key.AccountId);
        w.WriteString("createdAt", key.CreatedAt);
        if (expiry is { } e)
        {
            w.WriteString("expiresAt", e);
        }

        w.WriteBoolean("disabled", key.Disabled);
    }

    private static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        Console.WriteLine();
    }
}
