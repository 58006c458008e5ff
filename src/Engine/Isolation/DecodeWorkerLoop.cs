using System.Diagnostics;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// The decode worker's main loop (run by <c>Lipsync.DecodeWorker</c>): reads a request, extracts
/// features with beats of progress so the parent can tell a long file from a stuck codec, answers,
/// and waits for the next. Ends when stdin closes; on running out of memory it answers and exits, so
/// the parent starts a fresh process.
/// </summary>
public static class DecodeWorkerLoop
{
    private static readonly long BeatInterval = Stopwatch.Frequency / 5;

    /// <summary>Inputs past this are spooled to a temporary file, so the worker's heap holds features, not the file.</summary>
    private const int InMemoryLimit = 16 * 1024 * 1024;

    public static int Run(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        while (true)
        {
            var kind = input.ReadByte();
            if (kind < 0)
            {
                return 0;
            }

            if (kind != DecodeProtocol.Request)
            {
                return 2;
            }

            var maxDuration = TimeSpan.FromTicks(DecodeProtocol.ReadInt64(input));
            var length = DecodeProtocol.ReadInt32(input);
            using var audio = Receive(input, length);
            var lastBeat = Stopwatch.GetTimestamp();
            try
            {
                var features = FrontEnd.Extract(audio, maxDuration, frames =>
                {
                    if (Stopwatch.GetTimestamp() - lastBeat > BeatInterval)
                    {
                        DecodeProtocol.WriteProgress(output, frames);
                        lastBeat = Stopwatch.GetTimestamp();
                    }
                }, CancellationToken.None);
                DecodeProtocol.WriteFeatures(output, features);
            }
            catch (LipsyncException e)
            {
                DecodeProtocol.WriteError(output, e.Code, e.Message);
            }
            catch (OutOfMemoryException)
            {
                DecodeProtocol.WriteError(output, ErrorCodes.AudioUndecodable, "The audio could not be decoded: it declares structures larger than the decoder's memory budget.");
                return 3;
            }
            catch (Exception e)
            {
                // A codec bug on a hostile file; the file is the problem, the worker stays usable.
                DecodeProtocol.WriteError(output, ErrorCodes.AudioUndecodable, $"The audio could not be decoded: the decoder failed ({e.GetType().Name}).");
            }
        }
    }

    private static Stream Receive(Stream input, int length)
    {
        if (length <= InMemoryLimit)
        {
            var bytes = new byte[length];
            input.ReadExactly(bytes);
            return new MemoryStream(bytes, writable: false);
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        var buffer = new byte[81920];
        for (var left = length; left > 0;)
        {
            var n = input.Read(buffer, 0, Math.Min(buffer.Length, left));
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            file.Write(buffer, 0, n);
            left -= n;
        }

        file.Position = 0;
        return file;
    }
}
