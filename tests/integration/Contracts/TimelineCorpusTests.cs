using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Timelines;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Contracts;

/// <summary>
/// The shared timeline corpus (tests/corpus/timelines): the .NET parser gives every file its recorded
/// verdict. The web SDK's parseTimeline reads the same files (web/sdk/test/timeline.test.mjs).
/// </summary>
public sealed class TimelineCorpusTests
{
    private static readonly string Corpus = Path.Combine(Repo.Root, "tests", "corpus", "timelines");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in Verdicts().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_dotnet_parser_gives_each_corpus_file_its_verdict(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus, file)); // the bytes as stored, a leading BOM included
        string verdict;
        try
        {
            Timelines.ParseTimeline(bytes);
            verdict = "valid";
        }
        catch (LipsyncException e)
        {
            verdict = e.Code;
        }

        Assert.Equal(Verdicts()[file], verdict);
    }

    [Fact]
    public void Every_corpus_file_has_a_verdict() =>
        Assert.Equal(
            Directory.GetFiles(Corpus, "*.json").Select(Path.GetFileName).Where(n => n != "verdicts.json").Order(StringComparer.Ordinal),
            Verdicts().Keys.Order(StringComparer.Ordinal));

    private static Dictionary<string, string> Verdicts() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Corpus, "verdicts.json")))!;
}
