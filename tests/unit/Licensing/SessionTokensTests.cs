using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Sessions;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.UnitTests.Licensing;

public sealed class SessionTokensTests
{
    private static readonly SessionTokens Tokens = new("a-key-hash-secret-of-reasonable-length");

    private static readonly LicenseSession Session = new(
        SessionTokens.NewSessionId(), "key_0123456789abcdef0123", "acme", ApiKeyType.Pub, "https://shop.example.com", 7,
        DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_300_000));

    [Fact]
    public void A_sealed_session_opens_to_itself()
    {
        var token = Tokens.Seal(Session);

        Assert.StartsWith("ses_", token, StringComparison.Ordinal);
        Assert.True(Tokens.TryOpen(token, out var opened));
        Assert.Equal(Session, opened);
    }

    [Fact]
    public void A_session_without_an_origin_round_trips_as_null()
    {
        Assert.True(Tokens.TryOpen(Tokens.Seal(Session with { Origin = null, KeyType = ApiKeyType.Sec }), out var opened));
        Assert.Null(opened!.Origin);
        Assert.Equal(ApiKeyType.Sec, opened.KeyType);
    }

    [Fact]
    public void Changing_any_byte_of_a_token_makes_it_nobodys()
    {
        var bytes = Base64UrlEncoder.DecodeBytes(Tokens.Seal(Session)[4..]);
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = bytes.ToArray();
            altered[i] ^= 0x01;
            Assert.False(Tokens.TryOpen("ses_" + Base64UrlEncoder.Encode(altered), out _), $"byte {i}");
        }
    }

    [Fact]
    public void Another_servers_secret_cannot_open_it()
    {
        var other = new SessionTokens("another-secret-entirely-of-reasonable-length");

        Assert.False(other.TryOpen(Tokens.Seal(Session), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ses_")]
    [InlineData("ses_!!!")]
    [InlineData("ses_AAAA")]
    [InlineData("nope_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_tokens_open_to_nothing(string? token) =>
        Assert.False(Tokens.TryOpen(token, out _));

    [Fact]
    public void Truncated_and_overlong_tokens_open_to_nothing()
    {
        var token = Tokens.Seal(Session);

        Assert.False(Tokens.TryOpen(token[..^3], out _));
        Assert.False(Tokens.TryOpen(token + new string('A', SessionTokens.MaxLength), out _));
    }

    [Fact]
    public void The_longest_origin_the_edge_accepts_fits_in_a_token()
    {
        // OriginValue accepts 512 characters: "http://" and a long *.localhost name, say (a dev key's init).
        var origin = "http://" + new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 60) + "." +
            new string('e', 60) + "." + new string('f', 60) + "." + new string('g', 60) + "." + new string('h', 60) + ".localhost";
        origin = origin[..(Lipsync.Licensing.Origins.OriginValue.MaxLength - 10)] + ".localhost";
        Assert.Equal(Lipsync.Licensing.Origins.OriginValue.MaxLength, origin.Length);

        var token = Tokens.Seal(Session with { Origin = origin });

        Assert.True(token.Length <= SessionTokens.MaxLength, $"{token.Length} characters");
        Assert.True(Tokens.TryOpen(token, out var opened));
        Assert.Equal(origin, opened!.Origin);
    }

    [Fact]
    public void A_version_1_token_from_before_a_deployment_still_opens()
    {
        // Version 1 wrote each text field after a one-byte length.
        const string secret = "a-key-hash-secret-of-reasonable-length";
        var key = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), "lipsync session token v1"u8);
        using var body = new MemoryStream();
        body.WriteByte(1);
        body.Write(Base64UrlEncoder.DecodeBytes(Session.SessionId));
        foreach (var value in new[] { Session.CreatedAt.ToUnixTimeMilliseconds(), Session.ExpiresAt.ToUnixTimeMilliseconds(), Session.Epoch })
        {
            var number = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(number, value);
            body.Write(number);
        }

        body.WriteByte((byte)Session.KeyType);
        foreach (var text in new[] { Session.KeyId, Session.AccountId, Session.Origin! })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            body.WriteByte((byte)bytes.Length);
            body.Write(bytes);
        }

        body.Write(System.Security.Cryptography.HMACSHA256.HashData(key, body.ToArray()).AsSpan(0, 16));

        Assert.True(Tokens.TryOpen("ses_" + Base64UrlEncoder.Encode(body.ToArray()), out var opened));
        Assert.Equal(Session, opened);
    }
}
