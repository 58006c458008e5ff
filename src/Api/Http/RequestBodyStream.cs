using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// A request body as handlers read it: at most <c>maxBytes</c> (a body without, or lying about, its
/// length cannot stream past a route's limit), all of it within <c>deadline</c> of the first read (a
/// trickling client cannot hold a worker for hours at Kestrel's 240 B/s minimum rate), and every
/// transport failure turned into a <see cref="ClientBodyException"/> with a catalogue code:
/// <c>payload_too_large</c>, <c>request_timeout</c>, or <c>bad_request_body</c> for a malformed chunk
/// or an aborted upload.
/// </summary>
public sealed class RequestBodyStream : Stream
{
    private readonly System.IO.Pipelines.PipeReader _reader;
    private readonly long _maxBytes;
    private readonly TimeSpan _deadline;
    private readonly ITimer _timer;
    private volatile bool _expired;
    private long _read;

    public RequestBodyStream(HttpRequest request, long maxBytes, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(request);
        _reader = request.BodyReader;
        _maxBytes = maxBytes;
        _deadline = deadline;
        // At the deadline the pending read is cancelled through the pipe and completed with AdvanceTo
        // (a token-cancelled read leaves Kestrel's body reader "in progress", and its drain then fails).
        var reader = _reader;
        _timer = TimeProvider.System.CreateTimer(_ => { _expired = true; reader.CancelPendingRead(); }, null, deadline, Timeout.InfiniteTimeSpan);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <summary>The one wording of <c>payload_too_large</c>, whichever check (declared length, reading) finds it.</summary>
    public static string TooLargeMessage(long maxBytes) => $"The body is larger than {maxBytes} bytes, the limit of this endpoint.";

    public static ClientBodyException TooLarge(long maxBytes) => new(ErrorCodes.PayloadTooLarge, TooLargeMessage(maxBytes));

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_expired)
        {
            throw Expired(null);
        }

        int read;
        try
        {
            var result = await _reader.ReadAsync(cancellationToken);
            if (result.IsCanceled)
            {
                _reader.AdvanceTo(result.Buffer.Start);
                throw Expired(null);
            }

            read = (int)Math.Min(buffer.Length, result.Buffer.Length);
            System.Buffers.BuffersExtensions.CopyTo(result.Buffer.Slice(0, read), buffer.Span);
            _reader.AdvanceTo(result.Buffer.GetPosition(read));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel aborted the connection (the client reset it, or the host is stopping): not our fault, nothing to log loudly.
            throw new ClientBodyException(ErrorCodes.BadRequestBody, "The connection closed while the request body was being sent.", e);
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => TooLarge(_maxBytes),
                StatusCodes.Status408RequestTimeout => new ClientBodyException(ErrorCodes.RequestTimeout, "The request body arrived too slowly.", e),
                _ => new ClientBodyException(ErrorCodes.BadRequestBody, "The request body is malformed or ended early (broken chunked encoding, or fewer bytes than Content-Length).", e),
            };
        }
        catch (IOException e) when (e is not ClientBodyException)
        {
            // Kestrel's ConnectionResetException and friends: the client closed or reset mid-body.
            throw new ClientBodyException(ErrorCodes.BadRequestBody, "The request body ended early: the connection was closed while it was being sent.", e);
        }

        _read += read;
        return _read > _maxBytes ? throw TooLarge(_maxBytes) : read;
    }

    private ClientBodyException Expired(Exception? inner) =>
        new(ErrorCodes.RequestTimeout, $"The request body did not arrive within {_deadline.TotalSeconds:F0} s; send it faster, or a smaller file.", inner);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
        }

        base.Dispose(disposing);
    }
}
