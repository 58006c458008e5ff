using System.Diagnostics;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// The decode worker's main loop (run by <c>Lipsync.DecodeWorker</c>): reads a request, streams the
/// features back in chunks as they are made (so the worker's heap holds a few seconds of audio, not
/// the recording's features) with beats of progress so the parent can tell a long file from a stuck
/// codec, and waits for the next. Ends when stdin closes; on running out of memory it answers and exits, so
/// the parent starts a fresh process.
/// </summary>
public static class DecodeWorkerLoop
{
    private static readonly long BeatInterval = Stopwatch.Frequency / 5;

    /// <summary>Inputs past this are spooled to a temporary file, so the worker's heap holds features, not the file.</summary>
    private const int InMemoryLimit = 16 * 1024 * 1024;

    public static int Run(Stream input, Stream output, int parentProcessId = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (parentProcessId > 0)
        {
            WatchParent(parentProcessId);
        }

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
            DecodeProtocol.WriteProgress(output, 0); // received: the parent's stall clock starts now
            var lastBeat = Stopwatch.GetTimestamp();
            try
            {
                var (frames, samples, sourceRate) = FrontEnd.Stream(audio, maxDuration, (values, levels) => DecodeProtocol.WriteChunk(output, values, levels), frames =>
                {
                    if (Stopwatch.GetTimestamp() - lastBeat > BeatInterval)
                    {
                        DecodeProtocol.WriteProgress(output, frames);
                        lastBeat = Stopwatch.GetTimestamp();
                    }
                }, CancellationToken.None);
                DecodeProtocol.WriteEnd(output, frames, samples, sourceRate);
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

    /// <summary>
    /// A worker stuck in a codec never reads stdin again, so it would outlive a killed host: a
    /// background thread ends the process when the parent is gone.
    /// </summary>
    private static void WatchParent(int parentProcessId)
    {
        var watcher = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(1000);
                if (!IsAlive(parentProcessId))
                {
                    Environment.Exit(4);
                }
            }
        })
        { IsBackground = true, Name = "parent-watch" };
        watcher.Start();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var parent = System.Diagnostics.Process.GetProcessById(pid);
            return !parent.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
