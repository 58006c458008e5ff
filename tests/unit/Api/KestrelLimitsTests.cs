using Lipsync.Api;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lipsync.UnitTests.Api;

/// <summary>
/// Both hosts take Kestrel's body cap from the shared registration: the Functions worker kept ASP.NET
/// Core's ~28.6 MB default, below the 64 MiB job upload limit, so Azure refused uploads LocalHost took.
/// </summary>
public sealed class KestrelLimitsTests
{
    [Theory]
    [InlineData(null, (64L * 1024 * 1024) + (1024 * 1024))]
    [InlineData("104857600", 104857600L + (1024 * 1024))]
    public void Kestrel_takes_a_body_cap_just_above_the_largest_handler_limit(string? jobUploadMaxBytes, long expected)
    {
        var settings = new Dictionary<string, string?>();
        if (jobUploadMaxBytes is not null)
        {
            settings["Batch:JobUploadMaxBytes"] = jobUploadMaxBytes;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddLipsyncApi(configuration).BuildServiceProvider();

        var kestrel = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(expected, kestrel.Limits.MaxRequestBodySize);
    }
}
