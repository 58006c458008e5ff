using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Lipsync.Contracts.Errors;

namespace Lipsync.Jobs.Processing;

/// <summary>
/// The exact input version of a job, downloaded into a seekable stream (the decoders seek): memory up
/// to 64 MiB, a temporary file (deleted on close) beyond, so a long recording cannot exhaust memory.
/// </summary>
internal static class InputDownload
{
    private const long InMemoryLimit = 64L * 1024 * 1024;

    /// <summary>
    /// Opens the version; <paramref name="admit"/> hears the input's length before any buffer is
    /// allocated (the memory budget) and its result is handed back with the stream. The blob's content
    /// type comes back too: it describes headerless audio.
    /// </summary>
    public static async Task<(Stream Audio, DateTimeOffset LastModified, string? ContentType, IDisposable Admission)> OpenAsync(
        BlobClient blob, string etag, long maxBytes, Func<long, CancellationToken, Task<IDisposable>> admit, CancellationToken cancellationToken)
    {
        BlobDownloadStreamingResult download;
        try
        {
            download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = new ETag($"\"{etag}\"") },
            }, cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new LipsyncException(ErrorCodes.BlobNotFound, "The input blob was deleted before the job ran.");
        }
        catch (RequestFailedException e) when (e.Status is 412 or 304)
        {
            throw new LipsyncException(ErrorCodes.InputReplaced, ErrorCatalog.Get(ErrorCodes.InputReplaced).DefaultMessage);
        }

        using (download)
        {
            var length = download.Details.ContentLength;
            if (length > maxBytes)
            {
                throw new LipsyncException(ErrorCodes.AudioTooLong, $"The input is {length} bytes; the limit is {maxBytes}.");
            }

            var admission = await admit(length, cancellationToken);
            Stream target = length > InMemoryLimit
                ? new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous)
                : new MemoryStream((int)length);
            try
            {
                await download.Content.CopyToAsync(target, cancellationToken);
                target.Position = 0;
                return (target, download.Details.LastModified, download.Details.ContentType, admission);
            }
            catch
            {
                await target.DisposeAsync();
                admission.Dispose();
                throw;
            }
        }
    }
}
