using System.CommandLine;
using Lipsync.Licensing.Admin;

namespace Lipsync.Cli.Admin;

/// <summary><c>lipsync origins add|remove --account &lt;id&gt; &lt;origin&gt;</c>.</summary>
internal static class OriginCommands
{
    public static Command Create()
    {
        var origins = new Command("origins", "Edit an account's origin allow-list (for publishable keys).");
        origins.Subcommands.Add(Verb("add", "Allow an origin: https://app.example.com[:port] or https://*.example.com.", (admin, account, origin) => admin.AddOriginAsync(account, origin)));
        origins.Subcommands.Add(Verb("remove", "Remove an origin from the allow-list.", (admin, account, origin) => admin.RemoveOriginAsync(account, origin)));
        CliOptions.AddTo(origins);
        return origins;
    }

    private static Command Verb(string name, string description, Func<AccountAdmin, string, string, Task<Licensing.Accounts.AccountRecord>> change)
    {
        var origin = new Argument<string>("origin") { Description = "A full origin or a one-level wildcard." };
        var account = new Option<string>("--account") { Description = "Account id.", Required = true };
        var command = new Command(name, description) { account, origin };
        command.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
            AdminOutput.Account(await change(ctx.Get<AccountAdmin>(), parse.GetValue(account)!, parse.GetValue(origin)!), ctx.Json)));
        return command;
    }
}
