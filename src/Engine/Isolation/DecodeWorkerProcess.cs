using System.Diagnostics;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// One decode worker child process. A watchdog kills it when no progress beat (or answer) arrives
/// within the stall timeout, or when the caller cancels; the blocked read then ends and the reason
/// is reported. A killed or crashed worker is never reused.
/// </summary>
internal sealed class DecodeWorkerProcess : IDisposable
{
    private static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Stream _toWorker;
    private readonly Stream _fromWorker;

    private DecodeWorkerProcess(Process process)
    {
        _process = process;
        _toWorker = process.StandardInput.BaseStream;
        _fromWorker = new BufferedStream(process.StandardOutput.BaseStream, 64 * 1024);
    }

    public bool Healthy { get; private set; } = true;

    public static DecodeWorkerProcess Start(string dotnetHost, string workerPath, long heapLimitBytes)
    {
        var info = new ProcessStartInfo(dotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(workerPath);
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The worker parses hostile files: it gets no secrets (storage connection, license keys), only
        // what the runtime needs to start.
        var inherited = info.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        info.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            if (name is "PATH" or "HOME" or "TMPDIR" or "LANG" or "DOTNET_ROOT" or "DOTNET_ROLL_FORWARD" || name.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment[name] = value;
            }
        }

        // A hard heap limit turns an absurd allocation driven by a hostile header into an
        // OutOfMemoryException inside the worker instead of memory pressure on the host.
        info.Environment["DOTNET_GCHeapHardLimit"] = heapLimitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_TieredPGO"] = "1";
        try
        {
            return new DecodeWorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("no process"));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new LipsyncException(ErrorCodes.EngineFailure, "The audio decoder could not be started.", innerException: e);
        }
    }

    public FeatureMatrix Extract(Stream audio, int length, TimeSpan maxDuration, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        var stalled = false;
        // A fresh worker starts its runtime and receives the file before its first beat: allow for that
        // once, then every beat must come within the stall timeout.
        using var watchdog = new Timer(_ => { stalled = true; Kill(); }, null, stallTimeout + StartAllowance, Timeout.InfiniteTimeSpan);
        using var cancelled = cancellationToken.Register(Kill);
        try
        {
            DecodeProtocol.WriteRequest(_toWorker, maxDuration, audio, length);
        }
        catch (IOException e)
        {
            // The worker died between requests (e.g. it exited after running out of memory): not this file's fault.
            Kill();
            throw new DecodeWorkerLostException(e);
        }

        try
        {
            return DecodeProtocol.ReadAnswer(_fromWorker, maxDuration, () => watchdog.Change(stallTimeout, Timeout.InfiniteTimeSpan));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            Healthy = false;
            Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw stalled
                ? AudioErrors.Undecodable($"decoding made no progress for {stallTimeout.TotalSeconds:F0} s and was stopped (the file is corrupt or crafted).", e)
                : AudioErrors.Undecodable("the decoder stopped on this file (the file is corrupt or crafted).", e);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        Healthy = false;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}

/// <summary>The worker was gone before it read the request; the pool retries on a fresh one.</summary>
internal sealed class DecodeWorkerLostException(Exception inner) : Exception("The decode worker exited before the request.", inner);
