using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Lipsync.Licensing.Sessions;
using Lipsync.Licensing.Signing;
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Lipsync.Licensing;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Admin;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Verification;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Lipsync.Benchmarks;

/// <summary>
/// The license edge's verification path in process, against real Table Storage for misses: decisions
/// per second, latency percentiles of single decisions (HdrHistogram, µs), and the share of decisions
/// that had to read storage. Mix: 90 % valid keys (dev from localhost, pub from an allow-listed origin),
/// 10 % unknown keys (served by the negative cache), from 1,000 client addresses.
/// </summary>
internal static class VerifyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Arg(args, "--seconds", 20);
        var keyCount = Arg(args, "--keys", 1000);
        var threads = Arg(args, "--threads", 1);

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var services = new ServiceCollection().AddLogging().AddLicensing(configuration).BuildServiceProvider();
        await services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
        var accounts = services.GetRequiredService<AccountAdmin>();
        var keys = services.GetRequiredService<KeyAdmin>();

        Console.WriteLine($"setting up {keyCount} keys in {keyCount / 10} accounts ...");
        var run = Guid.NewGuid().ToString("N")[..6];
        var created = new List<(string Key, string Origin)>();
        for (var a = 0; a < keyCount / 10; a++)
        {
            var account = $"bench-{run}-{a}";
            await accounts.CreateAsync(account, SubscriptionStatus.Active, null);
            await accounts.AddOriginAsync(account, $"https://app{a}.example.com");
            var batch = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => keys.CreateAsync(account, i % 2 == 0 ? ApiKeyType.Dev : ApiKeyType.Pub, null)));
            created.AddRange(batch.Select(k => (k.Key, k.Record.Type == ApiKeyType.Dev ? "http://localhost:3000" : $"https://app{a}.example.com")));
        }

        var verifier = services.GetRequiredService<KeyVerifier>();
        var cache = services.GetRequiredService<CachedKeyDirectory>();
        var unknown = Enumerable.Range(0, 100).Select(_ => ApiKeyFormat.Generate(ApiKeyType.Pub)).ToArray();

        foreach (var (key, origin) in created)
        {
            var warm = await verifier.VerifyAsync(new VerificationRequest("Bearer " + key, origin, "10.0.0.1", Surface.Runtime), default);
            if (!warm.Succeeded)
            {
                throw new InvalidOperationException("warm-up refused: " + warm.Refusal.Code);
            }
        }

        var (hitsBefore, readsBefore) = cache.Statistics;
        Console.WriteLine($"measuring for {seconds} s on {threads} thread(s) (cache: fresh 10 s, max stale 30 s, negative 10 s) ...");
        var histograms = new LongHistogram[threads];
        var counts = new long[threads];
        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            var histogram = histograms[t] = new LongHistogram(TimeSpan.FromSeconds(10).Ticks / 10, 3); // µs
            var random = new Random(t);
            var headers = created.Select(c => (Auth: new StringValues("Bearer " + c.Key), Origin: new StringValues(c.Origin))).ToArray();
            var bad = unknown.Select(k => new StringValues("Bearer " + k)).ToArray();
            long n = 0;
            while (stop.Elapsed < deadline)
            {
                for (var i = 0; i < 256; i++)
                {
                    var pick = random.Next(10);
                    var request = pick == 0
                        ? new VerificationRequest(bad[random.Next(bad.Length)], StringValues.Empty, "203.0.113." + random.Next(250), Surface.Runtime)
                        : Pick(headers, random);
                    var start = Stopwatch.GetTimestamp();
                    await verifier.VerifyAsync(request, default);
                    histogram.RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(start).Ticks / 10));
                    n++;
                }
            }

            counts[t] = n;
        })));
        stop.Stop();

        var total = histograms[0].Copy();
        foreach (var h in histograms.Skip(1))
        {
            total.Add(h);
        }

        var (hits, reads) = cache.Statistics;
        var decisions = counts.Sum();
        var storageReads = reads - readsBefore;
        Console.WriteLine();
        Console.WriteLine($"decisions:        {decisions:N0} in {stop.Elapsed.TotalSeconds:F1} s = {decisions / stop.Elapsed.TotalSeconds:N0} /s ({threads} thread(s))");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency µs:       p50 {total.GetValueAtPercentile(50)}  p90 {total.GetValueAtPercentile(90)}  p99 {total.GetValueAtPercentile(99)}  p99.9 {total.GetValueAtPercentile(99.9)}  max {total.GetMaxValue()}"));
        Console.WriteLine($"storage reads:    {storageReads:N0} ({100.0 * storageReads / Math.Max(1, decisions):F3} % of decisions; cache lookups answered from memory: {hits - hitsBefore:N0})");
        CryptoCosts(services, TimeSpan.FromSeconds(Math.Max(2, seconds / 4)));
        return 0;
    }

    /// <summary>What each license costs on one core: an ES256 signature (and its verification, as an SDK does), a session token sealed and opened.</summary>
    private static void CryptoCosts(IServiceProvider services, TimeSpan each)
    {
        var signer = services.GetRequiredService<LicenseSigner>();
        var tokens = services.GetRequiredService<SessionTokens>();
        var claims = new Dictionary<string, object> { ["sid"] = "x", ["kid"] = "key_0123456789abcdef0123", ["acct"] = "acme", ["epoch"] = 2L };
        var now = DateTimeOffset.UtcNow;
        var license = signer.Sign(claims, now, now.AddMinutes(5), "lipsync");
        var keys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.JwksJson)).GetSigningKeys();
        var handler = new JsonWebTokenHandler();
        var validation = new TokenValidationParameters { IssuerSigningKeys = keys, ValidIssuer = "lipsync", ValidateAudience = false, ValidateLifetime = false };
        var session = new LicenseSession(SessionTokens.NewSessionId(), "key_0123456789abcdef0123", "acme", ApiKeyType.Pub, "https://app.example.com", 2, now, now.AddMinutes(5));
        var sealedToken = tokens.Seal(session);
        Console.WriteLine($"one core:         ES256 sign {Rate(each, () => signer.Sign(claims, now, now.AddMinutes(5), "lipsync")):N0}/s, "
            + $"verify {Rate(each, () => handler.ValidateTokenAsync(license, validation).GetAwaiter().GetResult()):N0}/s; "
            + $"session token seal {Rate(each, () => tokens.Seal(session)):N0}/s, open {Rate(each, () => tokens.TryOpen(sealedToken, out _)):N0}/s");
    }

    private static double Rate(TimeSpan duration, Action action)
    {
        for (var i = 0; i < 200; i++)
        {
            action(); // warm-up
        }

        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < 100; i++)
            {
                action();
            }

            n += 100;
        }

        return n / clock.Elapsed.TotalSeconds;
    }

    private static VerificationRequest Pick((StringValues Auth, StringValues Origin)[] headers, Random random)
    {
        var (auth, origin) = headers[random.Next(headers.Length)];
        return new VerificationRequest(auth, origin, "198.51.100." + random.Next(250), Surface.Runtime);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
