using System.Text.Json;

namespace Lipsync.InfraTests;

/// <summary>The compiled <c>main.json</c>, with every nested module template flattened for queries.</summary>
internal sealed class ArmTemplate
{
    private ArmTemplate(JsonElement root)
    {
        Root = root;
        Templates = [.. Collect(root)];
    }

    public static ArmTemplate Main { get; } = Load();

    public JsonElement Root { get; }

    /// <summary>The main template and every module's template.</summary>
    public IReadOnlyList<JsonElement> Templates { get; }

    public string Text => Root.GetRawText();

    public IEnumerable<JsonElement> Resources(string type) =>
        Templates.SelectMany(ResourcesOf).Where(r => r.GetProperty("type").GetString() == type);

    public JsonElement Single(string type) => Assert.Single(Resources(type));

    /// <summary>The module template that declares a resource of this type.</summary>
    public JsonElement TemplateDeclaring(string type) =>
        Templates.Single(t => ResourcesOf(t).Any(r => r.GetProperty("type").GetString() == type));

    private static IEnumerable<JsonElement> ResourcesOf(JsonElement template) =>
        template.GetProperty("resources") switch
        {
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
            var map => map.EnumerateObject().Select(p => p.Value), // languageVersion 2.0 symbolic names
        };

    private static IEnumerable<JsonElement> Collect(JsonElement template)
    {
        yield return template;
        foreach (var resource in ResourcesOf(template).Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments"))
        {
            foreach (var nested in Collect(resource.GetProperty("properties").GetProperty("template")))
            {
                yield return nested;
            }
        }
    }

    private static ArmTemplate Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "arm", "main.json");
        Assert.True(File.Exists(path), $"{path} is built from infra/bicep by this project's build");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new ArmTemplate(doc.RootElement.Clone());
    }
}
