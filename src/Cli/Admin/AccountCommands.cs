using System.CommandLine;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Admin;

namespace Lipsync.Cli.Admin;

/// <summary><c>lipsync accounts create|set|show</c>.</summary>
internal static class AccountCommands
{
    public static readonly Option<string> Account = new("--account") { Description = "Account id.", Required = true, Recursive = true };

    private static readonly Option<string> Status = new("--status") { Description = "active, trialing, past_due or canceled." };
    private static readonly Option<DateTimeOffset?> GraceUntil = new("--grace-until") { Description = "End of a past_due account's grace period (ISO 8601)." };

    public static Command Create()
    {
        var accounts = new Command("accounts", "Create and change accounts and their subscription state.");
        accounts.Options.Add(Account);

        var create = new Command("create", "Create an account (status active unless given).") { Status, GraceUntil };
        create.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
        {
            var account = await ctx.Get<AccountAdmin>().CreateAsync(parse.GetValue(Account)!, ParseStatus(parse.GetValue(Status) ?? "active"), parse.GetValue(GraceUntil));
            AdminOutput.Account(account, ctx.Json);
        }));

        var set = new Command("set", "Change an account's subscription state.") { Status, GraceUntil };
        Status.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } s && !SubscriptionStatuses.TryParse(s, out _))
            {
                r.AddError($"--status must be active, trialing, past_due or canceled, not '{s}'.");
            }
        });
        set.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
        {
            var status = parse.GetValue(Status) ?? throw new AdminException("accounts set needs --status.");
            var account = await ctx.Get<AccountAdmin>().SetStatusAsync(parse.GetValue(Account)!, ParseStatus(status), parse.GetValue(GraceUntil));
            AdminOutput.Account(account, ctx.Json);
        }));

        var show = new Command("show", "Show an account, its status and its allowed origins.");
        show.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
            AdminOutput.Account(await ctx.Get<AccountAdmin>().GetAsync(parse.GetValue(Account)!), ctx.Json)));

        accounts.Subcommands.Add(create);
        accounts.Subcommands.Add(set);
        accounts.Subcommands.Add(show);
        CliOptions.AddTo(accounts);
        return accounts;
    }

    private static SubscriptionStatus ParseStatus(string text) =>
        SubscriptionStatuses.TryParse(text, out var status) ? status : throw new AdminException($"--status must be active, trialing, past_due or canceled, not '{text}'.");
}
