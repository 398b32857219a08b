namespace ZifPhase.Tests.Architecture;

/// <summary>
/// docs/ARCHITECTURE.md's rule, checked on the compiled library: frames flow through the folders in one order,
/// and each folder (namespace ZifPhase.X, sub-namespaces included) uses only itself and the folders before it.
/// </summary>
public class LayerTests
{
    /// <summary>The library's folders in flow order; "ZifPhase" is the root namespace (InputException, UsageException).</summary>
    public static readonly string[] Layers =
        ["ZifPhase", "Parallelism", "Structures", "IO", "Sharding", "Neighbors", "Descriptors", "Learning", "Analysis", "Reporting", "Pipeline", "Slurm"];

    private static string LibraryPath => typeof(ZifPhase.InputException).Assembly.Location;

    /// <summary>The folder of a type's full name: the namespace segment after "ZifPhase.", or "ZifPhase" for the root.</summary>
    public static string FolderOf(string fullName)
    {
        var parts = fullName.Split('.');
        return parts.Length > 2 && parts[0] == "ZifPhase" ? parts[1] : parts[0];
    }

    private static bool IsOurs(string fullName) => fullName == "ZifPhase" || fullName.StartsWith("ZifPhase.", StringComparison.Ordinal);

    /// <summary>Every use of a type of a later folder, as "A.B (Folder) uses C.D (Later)".</summary>
    public static List<string> Violations(IReadOnlyDictionary<string, SortedSet<string>> uses, IReadOnlyList<string> layers)
    {
        var found = new List<string>();
        foreach (var (type, used) in uses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!IsOurs(type)) continue; // attributes the compiler embeds (System.Runtime.CompilerServices.*)
            int from = layers.ToList().IndexOf(FolderOf(type));
            foreach (var other in used.Where(IsOurs))
            {
                int to = layers.ToList().IndexOf(FolderOf(other));
                if (to > from) found.Add($"{type} ({FolderOf(type)}) uses {other} ({FolderOf(other)})");
            }
        }
        return found;
    }

    [Fact]
    public void EveryFolderUsesOnlyItselfAndTheFoldersBeforeIt()
    {
        var violations = Violations(TypeDependencies.Read(LibraryPath), Layers);
        Assert.True(violations.Count == 0, "upstream uses:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EveryNamespaceAndFolderOfTheLibraryHasALayer()
    {
        var folders = TypeDependencies.Read(LibraryPath).Keys.Where(IsOurs).Select(FolderOf).Distinct();
        Assert.All(folders, f => Assert.Contains(f, Layers));
        var src = Path.Combine(TestPaths.RepoRoot, "src", "ZifPhase");
        var dirs = Directory.GetDirectories(src).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj"));
        Assert.All(dirs, d => Assert.Contains(d, Layers));
    }

    [Fact]
    public void TheReaderSeesUsesInSignaturesBodiesGenericsAndLambdas()
    {
        var uses = TypeDependencies.Read(typeof(LayerTests).Assembly.Location);
        string Name(Type t) => t.FullName!;
        Assert.Contains(Name(typeof(Fixture.High)), uses[Name(typeof(Fixture.LowViaLambda))]);
        Assert.Contains(Name(typeof(Fixture.High)), uses[Name(typeof(Fixture.LowViaGenericField))]);
        Assert.Contains(Name(typeof(Fixture.High)), uses[Name(typeof(Fixture.LowViaStaticCall))]);
        Assert.DoesNotContain(Name(typeof(Fixture.High)), uses[Name(typeof(Fixture.Unrelated))]);
        // On the real library: a SOAP descriptor reads a neighbour list.
        Assert.Contains("ZifPhase.Neighbors.NeighborList", TypeDependencies.Read(LibraryPath)["ZifPhase.Descriptors.Soap.SoapDescriptor"]);
    }

    [Fact]
    public void AnUpstreamUseIsReportedAndADownstreamOneIsNot()
    {
        var uses = new Dictionary<string, SortedSet<string>>
        {
            ["ZifPhase.IO.Reader"] = ["ZifPhase.Learning.Model", "ZifPhase.Structures.Frame", "ZifPhase.InputException"],
            ["ZifPhase.Learning.Model"] = ["ZifPhase.IO.Reader"],
        };
        Assert.Equal(["ZifPhase.IO.Reader (IO) uses ZifPhase.Learning.Model (Learning)"], Violations(uses, Layers));
    }
}
