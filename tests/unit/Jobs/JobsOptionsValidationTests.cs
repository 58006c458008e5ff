using Lipsync.Engine;
using Lipsync.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lipsync.UnitTests.Jobs;

public sealed class JobsOptionsValidationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLipsyncJobs(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Defaults_are_valid()
    {
        using var provider = Build();
        var engine = provider.GetRequiredService<IOptions<EngineOptions>>().Value;
        Assert.Equal(10, engine.SilenceMinFrames);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<JobsOptions>>().Value.LeaseDuration);

        // Both shipped models travel into every host's output, where the defaults look for them.
        Assert.Equal("viseme-8k.onnx", Path.GetFileName(engine.NarrowBandModelPath));
        Assert.True(File.Exists(engine.NarrowBandModelPath), engine.NarrowBandModelPath);
    }

    [Fact]
    public void An_empty_narrow_band_model_path_reads_8_kHz_audio_with_the_wide_band_model()
    {
        using var provider = Build(("Engine:NarrowBandModelPath", ""));
        Assert.True(string.IsNullOrEmpty(provider.GetRequiredService<IOptions<EngineOptions>>().Value.NarrowBandModelPath));
    }

    [Theory]
    [InlineData("Engine:SilenceMinFrames", "0", "Engine:SilenceMinFrames")]
    [InlineData("Engine:MinRunFrames", "0", "Engine:MinRunFrames")]
    [InlineData("Engine:SwitchPenalty", "-1", "Engine:SwitchPenalty")]
    [InlineData("Engine:IntraOpThreads", "0", "Engine:IntraOpThreads")]
    [InlineData("Engine:ModelPath", "/nowhere/viseme.onnx", "Engine:ModelPath")]
    [InlineData("Engine:NarrowBandModelPath", "/nowhere/viseme-8k.onnx", "Engine:NarrowBandModelPath")]
    public void Bad_engine_settings_are_refused_with_the_setting_named(string key, string value, string named)
    {
        using var provider = Build((key, value));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EngineOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jobs:LeaseDuration", "00:00:00", "lease")]
    [InlineData("Jobs:RetryBaseDelay", "00:10:00", "Jobs:RetryBaseDelay")]
    [InlineData("Jobs:MaxInputBytes", "0", "Jobs:MaxInputBytes")]
    public void Bad_job_settings_are_refused_with_the_setting_named(string key, string value, string named)
    {
        using var provider = Build((key, value));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
