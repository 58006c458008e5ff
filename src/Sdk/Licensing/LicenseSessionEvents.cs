using Lipsync.Contracts.Errors;

namespace Lipsync.Client.Licensing;

public sealed class LicenseStatusChangedEventArgs(LicenseSessionStatus previous, LicenseSessionStatus current) : EventArgs
{
    public LicenseSessionStatus Previous { get; } = previous;

    public LicenseSessionStatus Current { get; } = current;
}

public sealed class LicenseRefreshedEventArgs(long epoch) : EventArgs
{
    public long Epoch { get; } = epoch;
}

public sealed class LicenseFailedEventArgs(LipsyncException error) : EventArgs
{
    public LipsyncException Error { get; } = error;
}
