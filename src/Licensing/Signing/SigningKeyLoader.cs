using System.Security.Cryptography;

namespace Lipsync.Licensing.Signing;

/// <summary>
/// Where the signing key comes from: <c>License:SigningKey</c> (PEM; a Key Vault reference in Azure),
/// else, for local runs only, a P-256 key generated once and kept at <c>License:SigningKeyPath</c>
/// (default <c>~/.local/share/lipsync/license-signing-key.pem</c>, mode 600) so restarts keep
/// issued licenses verifiable.
/// </summary>
public static class SigningKeyLoader
{
    /// <summary>
    /// Why <paramref name="pem"/> cannot sign, else null: missing where no key may be generated, or not a
    /// P-256 private key in PEM. Checked at start-up (<c>ConfigurationCheck</c>) rather than by the first
    /// license request; names the setting, never its value.
    /// </summary>
    public static string? Problem(string? pem, bool allowGenerated)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return allowGenerated ? null : "'License__SigningKey' is empty: outside the local emulator a P-256 private key (PEM) must be configured.";
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256 && key.ExportParameters(includePrivateParameters: true).D is not null
                ? null
                : "'License__SigningKey' is not a P-256 private key.";
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "'License__SigningKey' is not a PEM private key (P-256).";
        }
    }

    /// <summary>The previous key of a rotation (<c>License:PreviousSigningKey</c>), if one is set.</summary>
    public static IReadOnlyList<ECDsa> LoadPrevious(LicensingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PreviousSigningKey))
        {
            return [];
        }

        var key = ECDsa.Create();
        key.ImportFromPem(options.PreviousSigningKey);
        return [key];
    }

    public static ECDsa Load(LicensingOptions options, bool allowGenerated)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(options.SigningKey);
            return key;
        }

        if (!allowGenerated)
        {
            throw new InvalidOperationException("License:SigningKey is not set. Outside the local emulator a PEM (P-256) signing key must be configured, e.g. as a Key Vault reference.");
        }

        var path = options.SigningKeyPath ?? DefaultPath;
        if (File.Exists(path))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }

        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, created.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs so both sign with the same key.
            File.Delete(temp);
            created.Dispose();
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }

        return created;
    }

    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "lipsync", "license-signing-key.pem");
}
