using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// Runs feature extraction for third-party codecs in reusable child processes (one request each at
/// a time, at most <c>maxWorkers</c>). Why a process and not a thread: .NET cannot stop a thread
/// stuck in a library's endless loop, and NVorbis 0.10.5 has such loops that one flipped byte in an
/// audio packet reaches; a process can be killed, its memory returned, and a fresh one started.
/// </summary>
internal sealed class DecodeWorkerPool : IDisposable
{
    private readonly ConcurrentBag<DecodeWorkerProcess> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly string _dotnetHost;
    private readonly string _workerPath;
    private readonly TimeSpan _stallTimeout;
    private readonly long _heapLimitBytes;

    public DecodeWorkerPool(int maxWorkers, TimeSpan stallTimeout, long heapLimitBytes, string? workerPath = null)
    {
        _slots = new SemaphoreSlim(maxWorkers, maxWorkers);
        _stallTimeout = stallTimeout;
        _heapLimitBytes = heapLimitBytes;
        _workerPath = workerPath ?? Path.Combine(AppContext.BaseDirectory, "Lipsync.DecodeWorker.dll");
        _dotnetHost = FindDotnetHost();
    }

    public FeatureMatrix Extract(Stream audio, TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        if (!File.Exists(_workerPath))
        {
            throw new LipsyncException(ErrorCodes.EngineFailure, $"The audio decoder is not installed ({Path.GetFileName(_workerPath)} is missing next to the engine).");
        }

        var start = audio.Position;
        var length = audio.Length - start;
        if (length > int.MaxValue)
        {
            throw new LipsyncException(ErrorCodes.PayloadTooLarge, "The audio is too large to decode.");
        }

        _slots.Wait(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var worker = Take();
                try
                {
                    audio.Position = start;
                    var features = worker.Extract(audio, (int)length, maxDuration, _stallTimeout, cancellationToken);
                    Return(worker);
                    return features;
                }
                catch (DecodeWorkerLostException e)
                {
                    worker.Dispose();
                    if (attempt > 0)
                    {
                        throw new LipsyncException(ErrorCodes.EngineFailure, "The audio decoder could not be started.", innerException: e);
                    }
                }
                catch (LipsyncException)
                {
                    Return(worker);
                    throw;
                }
                catch
                {
                    worker.Dispose();
                    throw;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var worker))
        {
            worker.Dispose();
        }

        _slots.Dispose();
    }

    private DecodeWorkerProcess Take()
    {
        while (_idle.TryTake(out var worker))
        {
            if (worker.Healthy)
            {
                return worker;
            }

            worker.Dispose();
        }

        return DecodeWorkerProcess.Start(_dotnetHost, _workerPath, _heapLimitBytes);
    }

    private void Return(DecodeWorkerProcess worker)
    {
        if (worker.Healthy)
        {
            _idle.Add(worker);
        }
        else
        {
            worker.Dispose();
        }
    }

    /// <summary>The <c>dotnet</c> that runs this process (hosts may start through an app host, so not ProcessPath).</summary>
    private static string FindDotnetHost()
    {
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        if (File.Exists(fromRuntime))
        {
            return fromRuntime;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
    }
}
