using Lipsync.Contracts.Errors;

namespace Lipsync.Api.Http;

/// <summary>
/// The caller's body failed: too large, too slow, cut off or malformed. An <see cref="IOException"/>
/// so it travels through stream copies (the Storage SDK's upload wraps it); <see cref="ApiPipeline"/>
/// answers it with its catalogue code and logs it at Warning without a stack: a client's fault, not ours.
/// </summary>
public sealed class ClientBodyException : IOException
{
    public ClientBodyException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public ClientBodyException()
        : this(ErrorCodes.BadRequestBody, "The request body could not be read.")
    {
    }

    public ClientBodyException(string message)
        : this(ErrorCodes.BadRequestBody, message)
    {
    }

    public ClientBodyException(string message, Exception innerException)
        : this(ErrorCodes.BadRequestBody, message, innerException)
    {
    }

    public string Code { get; }

    /// <summary>The first client body fault in an exception's chain (retry wrappers and aggregates included), if any.</summary>
    public static ClientBodyException? Find(Exception? e) => Causes(e).OfType<ClientBodyException>().FirstOrDefault();

    private static IEnumerable<Exception> Causes(Exception? e)
    {
        for (var c = e; c is not null; c = c.InnerException)
        {
            yield return c;
            if (c is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                {
                    yield return inner;
                }
            }
        }
    }
}
