using System.Text.Json;

namespace Lipsync.InfraTests;

/// <summary>Security properties of the deployment, asserted on the ARM JSON the Bicep compiles to.</summary>
public sealed class SecurityTests
{
    private static readonly ArmTemplate Arm = ArmTemplate.Main;

    [Fact]
    public void Storage_accepts_only_Entra_ID_over_HTTPS_with_TLS_1_2_and_no_public_blobs()
    {
        var properties = Arm.Single("Microsoft.Storage/storageAccounts").GetProperty("properties");
        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(properties.GetProperty("defaultToOAuthAuthentication").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.All(Arm.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public void Storage_holds_the_contracts_tables_containers_and_queues()
    {
        var variables = Arm.TemplateDeclaring("Microsoft.Storage/storageAccounts").GetProperty("variables");
        string[] Names(string name) => [.. variables.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
        Assert.Subset(Names("containers").ToHashSet(), new HashSet<string> { "audio-in", "timelines", "event-deadletter" });
        Assert.Equal(["timeline-jobs", "timeline-jobs-poison"], Names("queues"));
        Assert.Equal(["keys", "accounts", "sessions", "jobs", "usage"], Names("tables"));
    }

    [Fact]
    public void The_function_app_runs_on_Flex_Consumption_as_a_user_assigned_identity()
    {
        var plan = Arm.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean()); // Linux

        var site = Arm.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var properties = site.GetProperty("properties");
        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
        Assert.False(properties.GetProperty("siteConfig").TryGetProperty("cors", out _)); // the handlers own CORS
        var config = properties.GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("UserAssignedIdentity", config.GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void App_settings_use_identity_connections_and_hold_no_secrets()
    {
        var settings = Arm.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains("AzureWebJobsStorage__clientId", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys); // no connection string form
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(", settings["License__SigningKey"], StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(", settings["License__KeyHashSecret"], StringComparison.Ordinal);
        Assert.All(settings.Values, v =>
        {
            Assert.DoesNotContain("AccountKey=", v, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", v, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", v, StringComparison.OrdinalIgnoreCase);
        });

        // Nowhere in the deployment are keys fetched or secrets passed as plain parameters.
        Assert.DoesNotContain("listKeys(", Arm.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("listAccountSas(", Arm.Text, StringComparison.Ordinal);
        foreach (var secret in new[] { "licenseSigningKeyPem", "keyHashSecret" })
        {
            Assert.Equal("securestring", Arm.Root.GetProperty("parameters").GetProperty(secret).GetProperty("type").GetString()!.ToLowerInvariant());
        }

        Assert.DoesNotContain(Arm.Root.GetProperty("outputs").EnumerateObject(), o => o.Name.Contains("KEY", StringComparison.OrdinalIgnoreCase) && o.Name != "KEY_VAULT_NAME");
    }

    [Fact]
    public void Roles_are_data_plane_only_and_scoped_to_what_is_used()
    {
        var roleIds = Arm.TemplateDeclaring("Microsoft.Authorization/roleAssignments").GetProperty("variables").GetProperty("roles")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(
            new HashSet<string> { "storageBlobDataOwner", "storageQueueDataContributor", "storageQueueDataMessageSender", "storageBlobDataContributor", "storageTableDataContributor", "monitoringMetricsPublisher", "keyVaultSecretsUser" },
            roleIds.Keys.ToHashSet());

        // No control-plane roles (Owner, Contributor, Storage Account Contributor, User Access Administrator).
        foreach (var broad in new[] { "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "17d1049b-9a84-46fb-8f53-869881c3d3ab", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9" })
        {
            Assert.DoesNotContain(broad, Arm.Text, StringComparison.OrdinalIgnoreCase);
        }

        var assignments = Arm.Resources("Microsoft.Authorization/roleAssignments").ToList();
        Assert.Equal(5, assignments.Count); // one looped (3 storage data roles) + telemetry + secrets + Event Grid sender + its dead letters
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a.GetProperty("properties").GetProperty("principalType").GetString()));
    }

    [Fact]
    public void Event_Grid_routes_BlobCreated_under_audio_in_to_the_jobs_queue_with_its_own_identity()
    {
        var topic = Arm.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.GetProperty("properties").GetProperty("topicType").GetString());
        Assert.Equal("SystemAssigned", topic.GetProperty("identity").GetProperty("type").GetString());

        var subscription = Arm.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").GetProperty("properties");
        Assert.Equal("EventGridSchema", subscription.GetProperty("eventDeliverySchema").GetString());
        var filter = subscription.GetProperty("filter");
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter.GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/blobServices/default/containers/audio-in/blobs/", filter.GetProperty("subjectBeginsWith").GetString());
        var delivery = subscription.GetProperty("deliveryWithResourceIdentity");
        Assert.Equal("SystemAssigned", delivery.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("StorageQueue", delivery.GetProperty("destination").GetProperty("endpointType").GetString());
        Assert.Equal("timeline-jobs", delivery.GetProperty("destination").GetProperty("properties").GetProperty("queueName").GetString());

        // What cannot be delivered is kept, written with the same identity, which may write only there.
        var deadLetter = subscription.GetProperty("deadLetterWithResourceIdentity");
        Assert.Equal("SystemAssigned", deadLetter.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("StorageBlob", deadLetter.GetProperty("deadLetterDestination").GetProperty("endpointType").GetString());
        Assert.Equal("event-deadletter", deadLetter.GetProperty("deadLetterDestination").GetProperty("properties").GetProperty("blobContainerName").GetString());
        var blobWriter = Assert.Single(Arm.Resources("Microsoft.Authorization/roleAssignments"),
            a => a.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Contains("storageBlobDataContributor", StringComparison.Ordinal));
        Assert.Contains("event-deadletter", blobWriter.GetProperty("scope").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_live_in_an_RBAC_Key_Vault_and_telemetry_needs_Entra_ID()
    {
        var vault = Arm.Single("Microsoft.KeyVault/vaults").GetProperty("properties");
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        // Purge protection is a parameter (off by default so azd down/up works); false is never sent (Key Vault refuses it).
        Assert.Contains("true()", vault.GetProperty("enablePurgeProtection").GetString(), StringComparison.Ordinal);
        Assert.Contains("null()", vault.GetProperty("enablePurgeProtection").GetString(), StringComparison.Ordinal);
        Assert.False(Arm.Root.GetProperty("parameters").GetProperty("keyVaultPurgeProtection").GetProperty("defaultValue").GetBoolean());
        var secrets = Arm.Resources("Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(3, secrets.Count);

        // The previous signing key of a rotation (the current one otherwise), published in the JWKS.
        Assert.Contains(secrets, s => s.GetProperty("name").GetString()!.Contains("license-previous-signing-key", StringComparison.Ordinal));
        var parameter = Arm.Root.GetProperty("parameters").GetProperty("previousSigningKeyPem");
        Assert.Equal("securestring", parameter.GetProperty("type").GetString());
        Assert.Equal("", parameter.GetProperty("defaultValue").GetString());
        Assert.Contains("License__PreviousSigningKey", Arm.Text, StringComparison.Ordinal);

        Assert.True(Arm.Single("Microsoft.Insights/components").GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
        Assert.True(Arm.Single("Microsoft.OperationalInsights/workspaces").GetProperty("properties").GetProperty("features").GetProperty("disableLocalAuth").GetBoolean());
    }

    [Fact]
    public void Sizing_is_parameterised_and_clients_get_their_endpoints()
    {
        var parameters = Arm.Root.GetProperty("parameters");
        foreach (var name in new[] { "environmentName", "location", "instanceMemoryMB", "maximumInstanceCount", "alwaysReadyInstances" })
        {
            Assert.True(parameters.TryGetProperty(name, out _), name);
        }

        Assert.Equal([512, 2048, 4096], parameters.GetProperty("instanceMemoryMB").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetInt32()));
        var outputs = Arm.Root.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "API_BASE_URL", "JWKS_URL", "DROP_ZONE_URL" }, outputs);
        Assert.Equal(JsonValueKind.Object, Arm.Single("Microsoft.Storage/storageAccounts/managementPolicies").ValueKind);
    }

    [Fact]
    public void Job_capacity_settings_follow_the_instance_size()
    {
        // The compiled template keeps the choice as an expression over the instance size; check its table.
        var site = Arm.Single("Microsoft.Web/sites");
        var settings = site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);
        foreach (var name in new[] { "Jobs__MemoryBudgetMb", "Jobs__MaxConcurrentPerAccount", "Engine__DecodeWorkers", "Engine__DecodeWorkerHeapMb" })
        {
            Assert.Contains("variables('size')", settings[name], StringComparison.Ordinal);
        }

        var variables = Arm.TemplateDeclaring("Microsoft.Web/sites").GetProperty("variables");
        Assert.Contains("parameters('instanceMemoryMB')", variables.GetProperty("size").GetString(), StringComparison.Ordinal);
        var capacity = variables.GetProperty("capacity");
        foreach (var memory in new[] { 512, 2048, 4096 })
        {
            var size = capacity.GetProperty(memory.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var budget = size.GetProperty("jobMemoryMb").GetInt32();
            var workers = size.GetProperty("decodeWorkers").GetInt32() * size.GetProperty("decodeHeapMb").GetInt32();
            Assert.True(budget * 2 <= memory, $"{memory} MB instance: the job budget is more than half");
            Assert.True(budget + workers <= memory * 0.8, $"{memory} MB instance: jobs ({budget} MB) + decode workers ({workers} MB) leave under 20 % for the runtime");
            Assert.True(size.GetProperty("perAccount").GetInt32() < size.GetProperty("decodeWorkers").GetInt32(), $"{memory} MB instance: one account could hold every decode worker");
        }
    }

    [Fact]
    public void Global_names_carry_a_unique_token()
    {
        // *.azurewebsites.net and Key Vault names are global: the environment name alone collides.
        Assert.Contains("uniqueString(", Arm.Root.GetProperty("variables").GetProperty("token").GetString(), StringComparison.Ordinal);
        foreach (var module in new[] { "functionapp", "keyvault", "storage" })
        {
            var deployment = Arm.Resources("Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == module);
            Assert.Contains("variables('token')", deployment.GetProperty("properties").GetProperty("parameters").GetProperty("name").GetProperty("value").GetString(), StringComparison.Ordinal);
        }
    }
}
