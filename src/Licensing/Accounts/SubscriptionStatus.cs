namespace Lipsync.Licensing.Accounts;

public enum SubscriptionStatus
{
    Active,
    Trialing,

    /// <summary>Payment failed: allowed until the grace period ends.</summary>
    PastDue,
    Canceled,
}

public static class SubscriptionStatuses
{
    public static string WireName(this SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Active => "active",
        SubscriptionStatus.Trialing => "trialing",
        SubscriptionStatus.PastDue => "past_due",
        _ => "canceled",
    };

    public static bool TryParse(string? text, out SubscriptionStatus status)
    {
        switch (text)
        {
            case "active": status = SubscriptionStatus.Active; return true;
            case "trialing": status = SubscriptionStatus.Trialing; return true;
            case "past_due": status = SubscriptionStatus.PastDue; return true;
            case "canceled": status = SubscriptionStatus.Canceled; return true;
            default: status = default; return false;
        }
    }
}
