using System.Text.RegularExpressions;

namespace ZifPhase.Tests.Pipeline;

/// <summary>The pipeline sits above every library folder, and the two cycles it replaced stay gone.</summary>
public class PipelineLayerTests
{
    private static readonly string Library = Path.Combine(TestPaths.RepoRoot, "src", "ZifPhase");

    /// <summary>The ZifPhase namespaces the .cs files of a library folder name (ZifPhase.X or, from inside the
    /// ZifPhase namespace, X.Member — a doc reference counts too).</summary>
    private static HashSet<string> Uses(string folder) =>
    [
        .. Directory.GetFiles(Path.Combine(Library, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b(?:ZifPhase\.)?(Structures|IO|Neighbors|Descriptors|Learning|Analysis|Reporting|Sharding|Cluster|Pipeline)(?=[.;])").Select(m => m.Groups[1].Value)),
    ];

    [Theory]
    [InlineData("Structures")]
    [InlineData("IO")]
    [InlineData("Neighbors")]
    [InlineData("Descriptors")]
    [InlineData("Learning")]
    [InlineData("Analysis")]
    [InlineData("Reporting")]
    [InlineData("Sharding")]
    public void NoFolderBelowThePipelineUsesIt(string folder) => Assert.DoesNotContain("Pipeline", Uses(folder));

    [Fact]
    public void DescriptorsDoNotReachReportingAndLearningDoesNotReachSharding()
    {
        Assert.DoesNotContain("Reporting", Uses("Descriptors"));
        Assert.DoesNotContain("Sharding", Uses("Learning"));
        Assert.DoesNotContain("Sharding", Uses("IO"));
    }
}
