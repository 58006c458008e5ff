namespace Lipsync.LocalHost.Demo;

/// <summary>Settings of the demo page, section <c>Demo</c> (e.g. <c>Demo__Root</c>).</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// The built demo (<c>cd web &amp;&amp; npm run build</c> writes it); relative paths are from the content
    /// root, which is the repository when started by <c>./run</c>.
    /// </summary>
    public string Root { get; set; } = Path.Combine("web", "demo", "dist");
}
