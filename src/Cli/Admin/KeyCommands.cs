using System.CommandLine;
using Lipsync.Licensing;
using Lipsync.Licensing.Admin;
using Lipsync.Licensing.Keys;
using Microsoft.Extensions.Options;

namespace Lipsync.Cli.Admin;

/// <summary><c>lipsync keys create|disable|list</c>.</summary>
internal static class KeyCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, disable and list API keys.");

        var account = new Option<string>("--account") { Description = "Account id.", Required = true };
        var type = new Option<string>("--type") { Description = "dev, pub or sec.", Required = true };
        type.AcceptOnlyFromAmong("dev", "pub", "sec");
        var expiresAt = new Option<DateTimeOffset?>("--expires-at") { Description = "Explicit expiry (ISO 8601); dev keys also expire 30 days after creation." };
        var create = new Command("create", "Create a key; its text is printed once and only its hash is stored.") { account, type, expiresAt };
        create.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
        {
            if (!ApiKeyTypes.TryParse(parse.GetValue(type), out var keyType))
            {
                throw new AdminException("--type must be dev, pub or sec.");
            }

            var created = await ctx.Get<KeyAdmin>().CreateAsync(parse.GetValue(account)!, keyType, parse.GetValue(expiresAt));
            AdminOutput.Key(created.Record, created.Key, DevLifetime(ctx), ctx.Json);
        }));

        var keyId = new Argument<string>("keyId") { Description = "The key id (key_…) printed at creation or by 'keys list'." };
        var disable = new Command("disable", "Disable a key: refused with key_disabled from the next cache refresh on.") { keyId };
        disable.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
            AdminOutput.Key(await ctx.Get<KeyAdmin>().DisableAsync(parse.GetValue(keyId)!), null, DevLifetime(ctx), ctx.Json)));

        var listAccount = new Option<string>("--account") { Description = "Account id.", Required = true };
        var list = new Command("list", "List an account's keys (ids and states, never key text).") { listAccount };
        list.SetAction((parse, _) => CliContext.RunAsync(parse, async ctx =>
            AdminOutput.Keys(await ctx.Get<KeyAdmin>().ListAsync(parse.GetValue(listAccount)!), DevLifetime(ctx), ctx.Json)));

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(disable);
        keys.Subcommands.Add(list);
        CliOptions.AddTo(keys);
        return keys;
    }

    private static TimeSpan DevLifetime(CliContext ctx) => ctx.Get<IOptions<LicensingOptions>>().Value.DevKeyLifetime;
}
