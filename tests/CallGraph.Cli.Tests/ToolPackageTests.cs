using System.Diagnostics;
using System.Text.Json;

namespace CallGraph.Cli.Tests;

/// <summary>
/// What the tool package carries: the CLI's build output (which <c>dotnet pack</c> packs as the tool) keeps the
/// native SQLite builds of the platforms a .NET SDK runs on, and none of the others (iOS, Android, WebAssembly…).
/// </summary>
public class ToolPackageTests
{
    /// <summary>Platforms Microsoft or IBM ship a .NET SDK for, so <c>dotnet tool install</c> can run there.</summary>
    private static readonly HashSet<string> SdkPlatforms =
    [
        "win-x64", "win-x86", "win-arm64", "linux-x64", "linux-arm", "linux-arm64", "linux-musl-x64", "linux-musl-arm",
        "linux-musl-arm64", "linux-s390x", "linux-ppc64le", "osx-x64", "osx-arm64",
    ];

    /// <summary>The CLI project's own deps.json, in the configuration the tests were built in.</summary>
    private static string CliDepsFile()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/CallGraph.Cli.Tests/bin/<Configuration>/<tfm>/
        string tfm = testBin.Name, configuration = testBin.Parent!.Name;
        var dir = testBin;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallGraph.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "repository root not found above " + testBin.FullName);
        string deps = Path.Combine(dir.FullName, "src", "CallGraph.Cli", "bin", configuration, tfm, "CallGraph.Cli.deps.json");
        Assert.True(File.Exists(deps), deps + " is missing: the CLI builds with the tests");
        return deps;
    }

    [Fact]
    public void The_tool_carries_sqlite_for_every_sdk_platform_and_no_other()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(CliDepsFile()));
        var rids = new HashSet<string>();
        foreach (var target in doc.RootElement.GetProperty("targets").EnumerateObject())
            foreach (var library in target.Value.EnumerateObject())
                if (library.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
                    foreach (var asset in runtimeTargets.EnumerateObject())
                        rids.Add(asset.Value.GetProperty("rid").GetString()!);
        Assert.Subset(SdkPlatforms, rids);
        Assert.Superset(SdkPlatforms, rids);
    }

    /// <summary>Every asset the CLI's deps.json lists, native or managed, for any platform.</summary>
    private static IEnumerable<string> CliAssets(JsonElement deps)
    {
        foreach (var target in deps.GetProperty("targets").EnumerateObject())
            foreach (var library in target.Value.EnumerateObject())
                foreach (string kind in new[] { "runtime", "native", "runtimeTargets" })
                    if (library.Value.TryGetProperty(kind, out var assets))
                        foreach (var asset in assets.EnumerateObject())
                            yield return asset.Name;
    }

    /// <summary>The CLI project file.</summary>
    private static string CliProject() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliDepsFile())!, "..", "..", "..", "CallGraph.Cli.csproj"));

    /// <summary>The native files the CLI copies to its output, resolved by msbuild, as a build or as <c>dotnet pack</c> resolves them.</summary>
    private static List<string> CopiedNativeFiles(bool packing)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        foreach (string a in new[] { "msbuild", CliProject(), "-t:ResolvePackageAssets", "-getItem:RuntimeTargetsCopyLocalItems", "-getItem:NativeCopyLocalItems", "-p:Configuration=" + configuration })
            start.ArgumentList.Add(a);
        if (packing) start.ArgumentList.Add("-p:_IsPacking=true");
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("Items").EnumerateObject()
            .SelectMany(kind => kind.Value.EnumerateArray().Select(item => Path.GetFileName(item.GetProperty("Identity").GetString()!)))
            .ToList();
    }

    private static bool IsDuckDbNative(string file) => file is "libduckdb.so" or "libduckdb.dylib" or "duckdb.dll";

    /// <summary>
    /// DuckDB's native library (24-37 MB compressed per platform) stays out of the tool packages, whose duckdb engine
    /// loads an installed one (EngineOptions); a build from a clone (dotnet run, publish, the tests) keeps it, so
    /// --engine duckdb works there out of the box.
    /// </summary>
    [Fact]
    public void Packing_leaves_out_duckdbs_native_library_and_a_build_keeps_it()
    {
        Assert.DoesNotContain(CopiedNativeFiles(packing: true), IsDuckDbNative);
        Assert.Contains(CopiedNativeFiles(packing: false), IsDuckDbNative);
        using var doc = JsonDocument.Parse(File.ReadAllText(CliDepsFile()));
        Assert.Contains(CliAssets(doc.RootElement), a => a.EndsWith("DuckDB.NET.Bindings.dll", StringComparison.Ordinal)); // the managed bindings stay
    }

    /// <summary>The dependencies a library's package declares: <c>dotnet pack --no-build</c> of its built output, nuspec read back.</summary>
    private static List<string> PackageDependencies(string project)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProject())!, "..", project, project + ".csproj"));
        string output = Path.Combine(Path.GetTempPath(), "callgraph-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "pack", file, "--no-build", "-c", configuration, "-o", output, "-p:IncludeSymbols=false" })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            string log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, log);
            using var package = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(output, project + ".*.nupkg").Single());
            using var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            return System.Xml.Linq.XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => (string)e.Attribute("id")!).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// A library package lists the packages its own code uses, not those it reaches through CallGraph (transitive
    /// pinning would write CsvHelper, MathNet and QuikGraph into every one; src/Directory.Build.targets turns it off).
    /// </summary>
    [Fact]
    public void A_library_package_depends_only_on_what_its_code_uses()
    {
        Assert.Equal(["CallGraph"], PackageDependencies("CallGraph.Reporting"));
        Assert.Equal(["CallGraph", "Microsoft.Data.Sqlite", "SQLitePCLRaw.bundle_e_sqlite3"], PackageDependencies("CallGraph.Campaigns"));
    }

    /// <summary>The CLI project evaluated as <c>dotnet pack</c> evaluates it (one msbuild evaluation, no build).</summary>
    private static JsonElement PackProperties(params string[] extra)
    {
        string project = CliProject();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "msbuild", project, "-getProperty:ToolPackageRuntimeIdentifiers", "-getProperty:PublishReadyToRun", "-p:_IsPacking=true" }.Concat(extra))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
        return JsonDocument.Parse(output).RootElement.GetProperty("Properties").Clone();
    }

    [Fact]
    public void Packing_makes_precompiled_packages_for_sdk_platforms_and_a_portable_one_for_the_rest()
    {
        var rids = PackProperties().GetProperty("ToolPackageRuntimeIdentifiers").GetString()!.Split(';');
        Assert.Contains("any", rids); // every platform can install the tool
        Assert.Contains("linux-x64", rids);
        Assert.All(rids.Where(r => r != "any"), r => Assert.Contains(r, SdkPlatforms));
        // Each platform package is precompiled.
        Assert.Equal("true", PackProperties("-p:RuntimeIdentifier=linux-x64").GetProperty("PublishReadyToRun").GetString());
    }

    [Fact]
    public void A_portable_only_pack_makes_one_package()
    {
        Assert.Equal("", PackProperties("-p:PortableToolOnly=true").GetProperty("ToolPackageRuntimeIdentifiers").GetString());
    }
}
