using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Lipsync.Storage;

namespace Lipsync.Jobs.Output;

/// <summary>What happened to an output write.</summary>
public enum WriteOutcome
{
    /// <summary>This call wrote the blob.</summary>
    Written,

    /// <summary>The blob already holds this version's output (a re-run after a crash): nothing to do.</summary>
    AlreadyWritten,

    /// <summary>The blob holds the output of a newer version of the same input: left alone.</summary>
    Superseded,

    /// <summary>The blob holds the output of a newer, different input with the same name stem: left alone.</summary>
    TakenByOtherInput,
}

/// <summary>
/// Writes outputs to <c>timelines</c> with compare-and-swap on the blob's ETag: a single-request upload is
/// committed whole or not at all (no reader sees a partial timeline), a re-run of the same input version
/// is recognised by metadata, and an older version never replaces a newer one's output.
/// </summary>
public sealed class OutputWriter(StorageClients storage)
{
    // Timelines of even three-hour recordings are a few MB: always one Put Blob request.
    private static readonly StorageTransferOptions SingleShot = new() { InitialTransferSize = 256L * 1024 * 1024, MaximumTransferSize = 256L * 1024 * 1024 };
    private readonly BlobContainerClient _container = storage.Container(StorageNames.TimelinesContainer);

    public async Task<WriteOutcome> WriteAsync(string name, BinaryData content, SourceVersion source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var blob = _container.GetBlobClient(name);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await ReadVersionAsync(blob, cancellationToken);
            BlobRequestConditions conditions;
            if (existing is { } current)
            {
                if (current.Version?.ETag == source.ETag)
                {
                    return WriteOutcome.AlreadyWritten;
                }

                if (!source.IsAtLeastAsNewAs(current.Version))
                {
                    return current.Version!.Name == source.Name ? WriteOutcome.Superseded : WriteOutcome.TakenByOtherInput;
                }

                conditions = new BlobRequestConditions { IfMatch = current.BlobETag };
            }
            else
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            try
            {
                await blob.UploadAsync(content, new BlobUploadOptions
                {
                    Conditions = conditions,
                    Metadata = source.ToMetadata(),
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    TransferOptions = SingleShot,
                }, cancellationToken);
                return WriteOutcome.Written;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 8)
            {
                // Someone wrote in between: read again and decide again.
            }
        }
    }

    /// <summary>Deletes the blob if it was made from an older input version (a stale sibling output).</summary>
    public async Task DeleteIfOlderAsync(string name, SourceVersion source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var blob = _container.GetBlobClient(name);
        if (await ReadVersionAsync(blob, cancellationToken) is not { } existing
            || existing.Version?.ETag == source.ETag
            || !source.IsAtLeastAsNewAs(existing.Version))
        {
            return;
        }

        try
        {
            await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = existing.BlobETag }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Rewritten meanwhile by a newer job; theirs stands.
        }
    }

    public BlobClient Blob(string name) => _container.GetBlobClient(name);

    private static async Task<(ETag BlobETag, SourceVersion? Version)?> ReadVersionAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return (properties.Value.ETag, SourceVersion.FromMetadata(properties.Value.Metadata));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
