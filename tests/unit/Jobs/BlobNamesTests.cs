using Azure.Storage.Blobs;
using Lipsync.Contracts.Errors;
using Lipsync.Jobs.Submission;

namespace Lipsync.UnitTests.Jobs;

/// <summary>
/// The hardening probe's finding 5: <c>{"blob":"a/..\\b\\x.wav"}</c> was accepted, and the Storage SDK
/// turned it into another account's path. One rule now holds for every producer of a name.
/// </summary>
public sealed class BlobNamesTests
{
    private static readonly BlobContainerClient Container = new(new Uri("http://127.0.0.1:10000/devstoreaccount1/audio-in"));

    [Theory]
    [InlineData("acme/..\\b\\x.wav")]
    [InlineData("acme\\x.wav")]
    [InlineData("acme/../other/x.wav")]
    [InlineData("acme/./x.wav")]
    [InlineData("acme//x.wav")]
    [InlineData("/acme/x.wav")]
    [InlineData("acme/x.wav/")]
    [InlineData("acme/x\u0001.wav")]
    [InlineData("acme/x\n.wav")]
    [InlineData("..")]
    [InlineData("")]
    public void Names_that_could_address_another_blob_are_refused(string name)
    {
        Assert.NotNull(BlobNames.Problem(name));
        var error = Assert.Throws<LipsyncException>(() => BlobNames.Client(Container, name));
        Assert.Equal(ErrorCodes.InvalidBlobName, error.Code);
    }

    [Fact]
    public void Overlong_names_are_refused() =>
        Assert.NotNull(BlobNames.Problem("acme/" + new string('a', BlobNames.MaxLength)));

    [Theory]
    [InlineData("acme/x.wav")]
    [InlineData("acme/sub folder/take 2.mp3")]
    [InlineData("acme/übung/á.ogg")]
    [InlineData("acme/a..b/x.wav")]
    [InlineData("acme/uploads/0123abcd.wav")]
    public void Ordinary_names_reach_storage_unchanged(string name)
    {
        Assert.Null(BlobNames.Problem(name));
        Assert.Equal(name, BlobNames.Client(Container, name).Name);
    }
}
