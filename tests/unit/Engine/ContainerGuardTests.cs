using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>
/// Hostile and unusual files for the decoders this issue added (WebM/Matroska Opus, Ogg Opus, FLAC):
/// what live recorders really write, what cut uploads look like, and headers that lie. Each decode runs
/// on a background thread and fails, rather than hangs, if it does not return.
/// </summary>
public sealed class ContainerGuardTests
{
    private static readonly int WebmFrames = BoundedDecode.Extract(Seeds.Webm).Frames;

    [Fact]
    public void A_live_recording_with_unknown_segment_and_cluster_sizes_decodes_whole()
    {
        // Browsers' MediaRecorder cannot seek back to write sizes: the Segment and every Cluster say "unknown".
        var bytes = Seeds.Webm.ToArray();
        foreach (var e in WebmMutator.Walk(bytes).Where(e => e.Id is 0x18538067 or 0x1F43B675))
        {
            WebmMutator.WriteSize(bytes, e, ulong.MaxValue);
        }

        Assert.Equal(WebmFrames, BoundedDecode.Extract(bytes).Frames);
    }

    [Fact]
    public void A_recording_cut_inside_a_block_keeps_what_came_before()
    {
        var clusters = WebmMutator.Walk(Seeds.Webm).Where(e => e.Id == 0xA3).ToList();
        var cut = clusters[clusters.Count / 2];

        var features = BoundedDecode.Extract(Seeds.Webm[..(cut.Data + 10)]);

        Assert.InRange(features.Frames, WebmFrames / 3, WebmFrames - 10);
    }

    [Fact]
    public void A_webm_track_in_another_codec_is_named()
    {
        var bytes = Seeds.Webm.ToArray();
        var codec = bytes.AsSpan().IndexOf("A_OPUS"u8);
        "A_VORB"u8.CopyTo(bytes.AsSpan(codec));

        var error = BoundedDecode.Error(bytes);

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains("A_VORB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ebml_document_that_is_not_webm_or_matroska_is_named()
    {
        var bytes = Seeds.Webm.ToArray();
        "xebm"u8.CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf("webm"u8)));

        var error = BoundedDecode.Error(bytes);

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains("'xebm'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9, 6, "6 channels")] // mapping family 1 needs the multistream decoder
    [InlineData(8, 0x10, "version")]
    public void Opus_headers_this_engine_does_not_take_are_named(int offset, byte value, string named)
    {
        var pages = OggMutator.Split(Seeds.Opus);
        pages[0][28 + offset] = value;
        if (offset == 9)
        {
            pages[0][28 + 18] = 1;
        }

        var error = BoundedDecode.Error(OggMutator.Join(pages));

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ogg_opus_file_without_its_comment_header_is_undecodable()
    {
        var pages = OggMutator.Split(Seeds.Opus);
        pages.RemoveAt(1);

        Assert.Equal(ErrorCodes.AudioUndecodable, BoundedDecode.Error(OggMutator.Join(pages)).Code);
    }

    [Fact]
    public void An_empty_first_ogg_page_is_undecodable_not_a_crash()
    {
        var pages = OggMutator.Split(Seeds.Ogg);
        pages[0] = [.. pages[0][..26], 0];

        Assert.Equal(ErrorCodes.AudioUndecodable, BoundedDecode.Error(OggMutator.Join(pages)).Code);
    }

    [Theory]
    [InlineData(1)] // Xiph
    [InlineData(2)] // fixed
    [InlineData(3)] // EBML
    public void A_laced_block_of_one_frame_is_that_frame(int lacing)
    {
        // Track 1, timestamp 0, flags with the lacing bits, lace count byte 0 (one frame), then the frame.
        byte[] block = [0x81, 0, 0, (byte)(lacing << 1), 0, 0xAA, 0xBB, 0xCC];
        var frames = new List<(int Offset, int Length)>();

        var track = Lipsync.Engine.Audio.Matroska.BlockLacing.Split(block, frames);

        Assert.Equal(1UL, track);
        Assert.Equal([(5, 3)], frames);
    }

    [Fact]
    public void Flac_frames_that_fail_their_checksum_are_refused()
    {
        var frames = FlacMutator.SplitFrames(Seeds.Flac);
        var first = FlacMutator.FirstFrame(Seeds.Flac);
        var bytes = Seeds.Flac.ToArray();
        bytes[first + frames[0].Length + frames[1].Length / 2] ^= 0x10;

        var error = BoundedDecode.Error(bytes);

        Assert.Equal(ErrorCodes.AudioUndecodable, error.Code);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flac_file_cut_mid_frame_or_followed_by_a_tag_decodes_its_whole_frames()
    {
        var whole = BoundedDecode.Extract(Seeds.Flac).Frames;

        var cut = BoundedDecode.Extract(Seeds.Flac[..(Seeds.Flac.Length - 1000)]);
        var tagged = BoundedDecode.Extract([.. Seeds.Flac, .. "TAG"u8, .. new byte[125]]);

        Assert.InRange(cut.Frames, whole / 2, whole - 1);
        Assert.Equal(whole, tagged.Frames);
    }

    [Fact]
    public void A_flac_frame_that_changes_the_sample_rate_mid_stream_is_refused()
    {
        var frames = FlacMutator.SplitFrames(Seeds.Flac);
        var metadata = Seeds.Flac[..FlacMutator.FirstFrame(Seeds.Flac)];
        var second = frames[1];
        second[2] = (byte)((second[2] & 0xF0) | 0x0A); // 48 kHz in a 22.05 kHz stream
        FlacMutator.FixCrcs(second);

        var error = BoundedDecode.Error([.. metadata, .. frames[0], .. second, .. frames.Skip(2).SelectMany(f => f)]);

        Assert.Equal(ErrorCodes.AudioUndecodable, error.Code);
        Assert.Contains("mid-stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flac_mutants_keep_valid_checksums_so_mutations_reach_the_subframes()
    {
        var mutator = new FlacMutator(Seeds.Flac);
        var random = new Random(11);
        var decoded = 0;
        var reachedSubframes = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                FrontEnd.Extract(new MemoryStream(mutator.Mutate(random)), TimeSpan.FromMinutes(5));
                decoded++;
            }
            catch (LipsyncException e) when (!e.Message.Contains("checksum", StringComparison.Ordinal))
            {
                reachedSubframes++;
            }
            catch (LipsyncException)
            {
            }
        }

        Assert.True(decoded + reachedSubframes > 120, $"only {decoded + reachedSubframes} of 200 mutants got past the checksums");
    }
}
