using System.Diagnostics;
using System.Security.Cryptography;

namespace Lipsync.InfraTests;

/// <summary>
/// Deploy item 8: infra/hooks/preprovision.sh (azd's preprovision hook) makes the two secrets once per
/// environment and never silently replaces them. Run here with stand-ins for <c>azd</c> (an env file)
/// and <c>az</c> (an existing vault or none).
/// </summary>
public sealed class PreprovisionHookTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipsync-hook-").FullName;

    public PreprovisionHookTests()
    {
        Tool("azd", """
            #!/bin/sh
            case "$1 $2" in
              "env get-value") line=$(grep -m1 "^$3=" "$FAKE_AZD_ENV") || exit 1; printf '%s\n' "${line#*=}" ;;
              "env set") printf '%s=%s\n' "$3" "$4" >> "$FAKE_AZD_ENV" ;;
            esac
            """);
        Tool("az", """
            #!/bin/sh
            [ -n "${FAKE_AZ_FAILS:-}" ] && { echo "Please run 'az login' to setup account." >&2; exit 1; }
            case "$1 $2" in
              "group exists") [ -n "${FAKE_VAULT:-}" ] && echo true || echo false ;;
              "keyvault list") printf '%s\n' "$FAKE_VAULT" ;;
            esac
            """);
        File.WriteAllText(EnvFile, "");
    }

    private string EnvFile => Path.Combine(_dir, "azd.env");

    [Fact]
    public void A_first_provision_makes_a_strong_hash_secret_and_a_p256_signing_key_once()
    {
        var (code, output) = Run(vault: null);

        Assert.True(code == 0, output);
        var values = Values();
        Assert.Equal(48, Convert.FromBase64String(values["LIPSYNC_KEY_HASH_SECRET"]).Length);
        using var key = ECDsa.Create();
        key.ImportFromPem(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(values["LIPSYNC_SIGNING_KEY_PEM_B64"])));
        Assert.Equal(256, key.KeySize);

        // Every later provision re-applies the same values.
        var (again, _) = Run(vault: null);
        Assert.Equal(0, again);
        Assert.Equal(values, Values());
    }

    [Fact]
    public void Without_the_values_it_refuses_to_replace_what_an_existing_vault_holds_and_says_how_to_restore()
    {
        var (code, output) = Run(vault: "kv-abc123");

        Assert.Equal(1, code);
        Assert.Contains("kv-abc123", output, StringComparison.Ordinal);
        Assert.Contains("azd env set LIPSYNC_KEY_HASH_SECRET", output, StringComparison.Ordinal);
        Assert.Empty(Values());
    }

    [Fact]
    public void When_it_cannot_ask_azure_whether_a_vault_exists_it_makes_nothing()
    {
        var (code, output) = Run(vault: null, azFails: true);

        Assert.Equal(1, code);
        Assert.Contains("could not ask Azure", output, StringComparison.Ordinal);
        Assert.Empty(Values());
    }

    [Fact]
    public void Azd_runs_the_hook_before_every_provision()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoRoot, "azure.yaml"));

        Assert.Contains("preprovision:", yaml, StringComparison.Ordinal);
        Assert.Contains("run: infra/hooks/preprovision.sh", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameters_file_takes_the_hooks_values_and_decodes_the_pem()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "arm", "main.parameters.json")));
        var parameters = doc.RootElement.GetProperty("parameters");

        Assert.Equal("pem", parameters.GetProperty("licenseSigningKeyPem").GetProperty("value").GetString());
        Assert.Equal("test-hash-secret", parameters.GetProperty("keyHashSecret").GetProperty("value").GetString());
        Assert.Equal("", parameters.GetProperty("previousSigningKeyPem").GetProperty("value").GetString());
        Assert.Equal("infratest", parameters.GetProperty("environmentName").GetProperty("value").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    private (int Code, string Output) Run(string? vault, bool azFails = false)
    {
        var info = new ProcessStartInfo("sh", [Path.Combine(RepoRoot, "infra", "hooks", "preprovision.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PATH"] = _dir + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["AZURE_ENV_NAME"] = "prod";
        info.Environment["FAKE_AZD_ENV"] = EnvFile;
        info.Environment["FAKE_VAULT"] = vault ?? "";
        info.Environment["FAKE_AZ_FAILS"] = azFails ? "1" : "";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    private Dictionary<string, string> Values() =>
        File.ReadAllLines(EnvFile).Where(l => l.Contains('=', StringComparison.Ordinal)).ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    private void Tool(string name, string script)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
