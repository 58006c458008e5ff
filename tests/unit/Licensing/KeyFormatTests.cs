using Lipsync.Licensing.Keys;

namespace Lipsync.UnitTests.Licensing;

public sealed class KeyFormatTests
{
    [Theory]
    [InlineData(ApiKeyType.Dev, "lsk_dev_")]
    [InlineData(ApiKeyType.Pub, "lsk_pub_")]
    [InlineData(ApiKeyType.Sec, "lsk_sec_")]
    public void Generated_keys_carry_their_type_and_enough_entropy(ApiKeyType type, string prefix)
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyFormat.Generate(type)).ToList();
        Assert.All(keys, k =>
        {
            Assert.StartsWith(prefix, k, StringComparison.Ordinal);
            Assert.True(ApiKeyFormat.TryGetType(k, out var parsed));
            Assert.Equal(type, parsed);
            // 32 base62 characters = 190 bits >= the contract's 128.
            Assert.Equal(32, k.Length - prefix.Length);
        });
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("lsk_dev_")]
    [InlineData("lsk_xyz_0123456789012345678901234567890A")]
    [InlineData("lsk_DEV_0123456789012345678901234567890A")]
    [InlineData("lsk_dev_0123456789012345678901234567890")]
    [InlineData("lsk_dev_0123456789012345678901234567890AB")]
    [InlineData("lsk_dev_0123456789012345678901234567890-")]
    [InlineData("mascot_dev_0123456789012345678901234567")]
    public void Refuses_malformed_keys(string key) => Assert.False(ApiKeyFormat.TryGetType(key, out _));

    [Fact]
    public void Hashes_are_keyed_deterministic_and_compared_exactly()
    {
        var key = ApiKeyFormat.Generate(ApiKeyType.Pub);
        var a = new KeyHasher("secret-a");
        var b = new KeyHasher("secret-b");
        Assert.Equal(a.Hash(key), a.Hash(key));
        Assert.NotEqual(a.Hash(key), b.Hash(key));
        Assert.Equal(64, a.Hash(key).Length);
        Assert.DoesNotContain(key[8..], a.Hash(key), StringComparison.Ordinal);
        Assert.True(KeyHasher.Matches(a.Hash(key), a.Hash(key)));
        Assert.False(KeyHasher.Matches(a.Hash(key), b.Hash(key)));
    }

    [Fact]
    public void Key_ids_and_partitions_derive_from_the_hash()
    {
        var hash = new KeyHasher("s").Hash(ApiKeyFormat.Generate(ApiKeyType.Dev));
        Assert.Equal("key_" + hash[..20], KeyHasher.KeyIdOf(hash));
        Assert.Equal(hash[..2], KeyHasher.PartitionOf(hash));
    }

    [Fact]
    public void Dev_keys_expire_after_their_lifetime_or_earlier_when_told()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lifetime = TimeSpan.FromDays(30);
        Assert.Equal(created.AddDays(30), new ApiKeyRecord("h", "a", ApiKeyType.Dev, created, null, false).EffectiveExpiry(lifetime));
        Assert.Equal(created.AddDays(3), new ApiKeyRecord("h", "a", ApiKeyType.Dev, created, created.AddDays(3), false).EffectiveExpiry(lifetime));
        Assert.Equal(created.AddDays(30), new ApiKeyRecord("h", "a", ApiKeyType.Dev, created, created.AddDays(90), false).EffectiveExpiry(lifetime));
        Assert.Null(new ApiKeyRecord("h", "a", ApiKeyType.Pub, created, null, false).EffectiveExpiry(lifetime));
        Assert.Equal(created.AddDays(90), new ApiKeyRecord("h", "a", ApiKeyType.Sec, created, created.AddDays(90), false).EffectiveExpiry(lifetime));
    }
}
