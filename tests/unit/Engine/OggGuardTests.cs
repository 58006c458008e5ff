using System.Buffers.Binary;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>
/// The Ogg page checks in front of NVorbis. The two crafted files of the hardening probe (an absurd
/// last granule position, a 0xFF block-size byte) spun NVorbis's sample loop forever; each test runs
/// on a background thread and fails, rather than hangs, if that comes back.
/// </summary>
public sealed class OggGuardTests
{

    [Fact]
    public void A_valid_file_decodes_to_its_own_length()
    {
        var features = BoundedDecode.Extract(Seeds.Ogg);

        // 54,864 samples at 22.05 kHz (the last page's granule) = 2,488 ms; padding past it is trimmed.
        Assert.InRange(features.DurationMs, 2487, 2489);
    }

    [Theory]
    [InlineData(1L << 62)]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    [InlineData(1L)]
    public void An_absurd_last_granule_position_ends(long granule)
    {
        var pages = OggMutator.Split(Seeds.Ogg);
        BinaryPrimitives.WriteInt64LittleEndian(pages[^1].AsSpan(6), granule);

        var features = BoundedDecode.Extract(OggMutator.Join(pages));

        Assert.True(features.Frames > 0);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x55)] // 32-sample blocks: below the spec's 64
    [InlineData(0x8B)] // blocksize_0 (2^11) larger than blocksize_1 (2^8)
    public void Block_sizes_outside_the_spec_are_refused(byte blockSizes)
    {
        var pages = OggMutator.Split(Seeds.Ogg);
        pages[0][27 + 1 + 28] = blockSizes;

        var error = BoundedDecode.Error(OggMutator.Join(pages));

        Assert.Equal(ErrorCodes.AudioUndecodable, error.Code);
        Assert.Contains("block sizes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_with_a_wrong_checksum_is_refused()
    {
        var bytes = Seeds.Ogg.ToArray();
        bytes[^10] ^= 0x40;

        Assert.Equal(ErrorCodes.AudioUndecodable, BoundedDecode.Error(bytes).Code);
    }

    [Fact]
    public void Ogg_flac_is_named_as_unsupported()
    {
        var pages = OggMutator.Split(Seeds.Ogg);
        byte[] flacHead = [0x7F, .. "FLAC"u8, 1, 0, 0, 1, .. "fLaC"u8, 0, 0, 0, 34];
        pages[0] = [.. pages[0][..26], 1, (byte)flacHead.Length, .. flacHead];

        var error = BoundedDecode.Error(OggMutator.Join(pages));

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains("Ogg FLAC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_logical_stream_is_refused()
    {
        var pages = OggMutator.Split(Seeds.Ogg);
        BinaryPrimitives.WriteUInt32LittleEndian(pages[2].AsSpan(14), 0xDEADBEEF);

        Assert.Equal(ErrorCodes.AudioUnsupported, BoundedDecode.Error(OggMutator.Join(pages)).Code);
    }

    [Fact]
    public void A_stream_that_makes_the_codec_emit_nan_still_gives_finite_features()
    {
        var features = BoundedDecode.Extract(Seeds.NVorbisNonFinite);

        Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
        Assert.All(features.LevelsDbfs, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Mutated_files_keep_valid_pages_so_mutations_reach_the_codec()
    {
        var mutator = new OggMutator(Seeds.Ogg);
        var random = new Random(7);
        var pastPageChecks = 0;
        for (var i = 0; i < 200; i++)
        {
            var pages = OggMutator.Split(mutator.Mutate(random));
            if (pages.Count > 0 && pages.TrueForAll(p => BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(22)) == Lipsync.Engine.Audio.Ogg.OggCrc.OfPage(p)))
            {
                pastPageChecks++;
            }
        }

        Assert.True(pastPageChecks > 150, $"only {pastPageChecks} of 200 mutants had valid pages");
    }
}
