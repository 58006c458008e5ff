namespace Lipsync.Licensing.Admin;

/// <summary>An admin request that cannot be carried out as asked (unknown account, bad origin, ...).</summary>
public sealed class AdminException : Exception
{
    public AdminException()
    {
    }

    public AdminException(string message)
        : base(message)
    {
    }

    public AdminException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
