using Lipsync.Jobs.Events;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Processing;
using Lipsync.Jobs.Records;

namespace Lipsync.UnitTests.Jobs;

public sealed class JobNamingTests
{
    [Fact]
    public void A_job_is_one_version_of_one_blob()
    {
        var id = JobIds.For(new AudioInput("acme/a.wav", "0x1"));
        Assert.True(JobIds.IsWellFormed(id));
        Assert.Equal(id, JobIds.For(new AudioInput("acme/a.wav", "\"0x1\""))); // quoted or not
        Assert.NotEqual(id, JobIds.For(new AudioInput("acme/a.wav", "0x2"))); // re-upload: new job
        Assert.NotEqual(id, JobIds.For(new AudioInput("acme/b.wav", "0x1")));
        Assert.False(JobIds.IsWellFormed(id.ToUpperInvariant()));
        Assert.False(JobIds.IsWellFormed(id[..31]));
        Assert.False(JobIds.IsWellFormed("../" + id[3..]));
    }

    [Theory]
    [InlineData("acme/a/talk.wav", "acme/a/talk.wav.json", "acme/a/talk.wav.error.json", "acme")]
    [InlineData("acme/a/talk.mp3", "acme/a/talk.mp3.json", "acme/a/talk.mp3.error.json", "acme")]
    [InlineData("acme/v1.2/talk", "acme/v1.2/talk.json", "acme/v1.2/talk.error.json", "acme")]
    [InlineData("talk.final.mp3", "talk.final.mp3.json", "talk.final.mp3.error.json", "")]
    [InlineData("acme/.hidden", "acme/.hidden.json", "acme/.hidden.error.json", "acme")]
    public void Outputs_are_named_after_the_whole_input_name(string input, string timeline, string error, string account)
    {
        Assert.Equal(timeline, OutputNames.TimelineFor(input));
        Assert.Equal(error, OutputNames.ErrorFor(input));
        Assert.Equal(account, OutputNames.AccountOf(input));
    }

    [Fact]
    public void Output_metadata_round_trips_and_orders_versions()
    {
        var older = new SourceVersion("acme/ü talk.wav", "0x1", new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), "job1");
        var newer = older with { ETag = "0x2", LastModified = older.LastModified.AddSeconds(1), JobId = "job2" };
        var metadata = older.ToMetadata();

        Assert.All(metadata.Values, v => Assert.True(v.All(char.IsAscii), v));
        Assert.Equal(older, SourceVersion.FromMetadata(metadata));
        Assert.True(newer.IsAtLeastAsNewAs(older));
        Assert.False(older.IsAtLeastAsNewAs(newer));
        Assert.True(older.IsAtLeastAsNewAs(null)); // no output yet, or a foreign blob
        Assert.Null(SourceVersion.FromMetadata(new Dictionary<string, string> { ["sourceetag"] = "0x1", ["sourcemodified"] = "soon" }));
    }

    [Fact]
    public void Retry_delays_grow_exponentially_with_jitter_and_a_cap()
    {
        var b = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromMinutes(2);
        Assert.Equal(TimeSpan.FromSeconds(1), RetryBackoff.Delay(1, b, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryBackoff.Delay(1, b, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), RetryBackoff.Delay(3, b, max, 1));
        Assert.Equal(max, RetryBackoff.Delay(30, b, max, 1));
        Assert.Equal(max / 2, RetryBackoff.Delay(int.MaxValue, b, max, 0));
        for (var attempt = 1; attempt < 10; attempt++)
        {
            Assert.True(RetryBackoff.Delay(attempt + 1, b, max, 0) >= RetryBackoff.Delay(attempt, b, max, 0));
        }
    }
}
