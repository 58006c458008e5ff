using Lipsync.Licensing.Origins;

namespace Lipsync.UnitTests.Licensing;

public sealed class OriginTests
{
    [Theory]
    [InlineData("https://App.Example.com", "https://app.example.com")]
    [InlineData("https://app.example.com:443", "https://app.example.com")]
    [InlineData("http://app.example.com:80", "http://app.example.com")]
    [InlineData("http://app.example.com:443", "http://app.example.com:443")]
    [InlineData("https://app.example.com:8443", "https://app.example.com:8443")]
    [InlineData("HTTP://LOCALHOST:3000", "http://localhost:3000")]
    [InlineData("http://[::1]:5173", "http://[::1]:5173")]
    [InlineData("http://[0:0:0:0:0:0:0:1]", "http://[::1]")]
    [InlineData("capacitor://localhost", "capacitor://localhost")]
    [InlineData("chrome-extension://abcdefghijklmnop", "chrome-extension://abcdefghijklmnop")]
    public void Normalizes_case_and_default_ports(string text, string normalized)
    {
        Assert.True(OriginValue.TryParse(text, out var origin));
        Assert.Equal(normalized, origin.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("example.com")]
    [InlineData("https://")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com/path")]
    [InlineData("https://example.com?q")]
    [InlineData("https://user@example.com")]
    [InlineData("https://exämple.com")]
    [InlineData("https://example.com:0")]
    [InlineData("https://example.com:65536")]
    [InlineData("https://example.com:12ab")]
    [InlineData("https://-bad-.com")]
    [InlineData("https://a..com")]
    [InlineData("https://[::1")]
    [InlineData("https://[not-ip]")]
    [InlineData("1ttp://example.com")]
    [InlineData("https://*.example.com")]
    public void Refuses_anything_that_is_not_an_origin(string text) =>
        Assert.False(OriginValue.TryParse(text, out _));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("app.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.20", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("[::1]", true)]
    [InlineData("[fd12:3456::1]", true)]
    [InlineData("[fe80::1]", true)]
    [InlineData("[2001:db8::1]", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("localhost.example.com", false)]
    [InlineData("mylocalhost", false)]
    [InlineData("example.com", false)]
    public void Classifies_local_hosts(string host, bool local) => Assert.Equal(local, LocalHosts.IsLocal(host));

    [Theory]
    [InlineData("https://*.example.com", "https://a.example.com", true)]
    [InlineData("https://*.example.com", "https://A.Example.com", true)]
    [InlineData("https://*.example.com", "https://a.b.example.com", false)]
    [InlineData("https://*.example.com", "https://example.com", false)]
    [InlineData("https://*.example.com", "https://aexample.com", false)]
    [InlineData("https://*.example.com", "http://a.example.com", false)]
    [InlineData("https://*.example.com", "https://a.example.com:8443", false)]
    [InlineData("https://*.example.com:8443", "https://a.example.com:8443", true)]
    [InlineData("https://app.example.com", "https://app.example.com:443", true)]
    [InlineData("https://app.example.com/", "https://app.example.com", true)]
    [InlineData("https://app.example.com", "https://app.example.com:444", false)]
    [InlineData("https://app.example.com", "https://other.example.com", false)]
    public void Allow_list_entries_match_normalized_origins(string entry, string origin, bool matches)
    {
        Assert.True(OriginPattern.TryParse(entry, out var pattern));
        Assert.True(OriginValue.TryParse(origin, out var candidate));
        Assert.Equal(matches, pattern!.Matches(candidate));
    }

    [Theory]
    [InlineData("https://*.com")]
    [InlineData("https://*.1.2.3")]
    [InlineData("https://*")]
    [InlineData("https://a.*.example.com")]
    [InlineData("not an origin")]
    public void Refuses_overbroad_or_malformed_entries(string entry) => Assert.False(OriginPattern.TryParse(entry, out _));

    [Fact]
    public void Canonical_entry_text_round_trips()
    {
        Assert.True(OriginPattern.TryParse("HTTPS://*.Example.COM:443/", out var pattern));
        Assert.Equal("https://*.example.com", pattern!.ToString());
        Assert.True(OriginPattern.TryParse(pattern.ToString(), out var again));
        Assert.Equal(pattern, again);
    }
}
