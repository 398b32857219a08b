using System.Text.Json.Nodes;
using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Descriptors;

/// <summary>The kind table reads and writes spec JSON as the shipped models hold it.</summary>
public class DescriptorKindsTests
{
    [Theory]
    [InlineData("paper-soap")]
    [InlineData("paper-bpsf")]
    public void ASpecWritesTheJsonTheShippedModelHolds(string name)
    {
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "models", name + ".json")))!;
        var spec = DescriptorSpec.FromJson(model["descriptor"]!.ToJsonString());
        // Same keys in the same order ("kind" first) and the same values as the file the earlier writer made.
        Assert.Equal(model["descriptor"]!.ToJsonString(), JsonNode.Parse(spec.ToJson())!.ToJsonString());
        Assert.StartsWith($"{{\"kind\":\"{DescriptorKinds.Of(spec.GetType()).Name}\",", spec.ToJson());
        Assert.Equal(spec.ToJson(), DescriptorSpec.FromJson(spec.ToJson()).ToJson());
    }

    [Fact]
    public void EveryKindHasOneLineAndUnknownKindsNameThem()
    {
        Assert.Equal(["soap", "acsf"], DescriptorKinds.All.Select(k => k.Name));
        Assert.Equal(DescriptorKinds.All.Count, DescriptorKinds.All.Select(k => k.Spec).Distinct().Count());
        var e = Assert.Throws<ArgumentException>(() => DescriptorSpec.FromJson("{\"kind\": \"mbtr\", \"species\": [\"Zn\"], \"r_cut\": 6}"));
        Assert.Equal("descriptor spec: 'kind' must be \"soap\" or \"acsf\", not \"mbtr\"", e.Message);
        e = Assert.Throws<ArgumentException>(() => DescriptorSpec.FromJson("{\"species\": [\"Zn\"], \"r_cut\": 6}"));
        Assert.Equal("descriptor spec: missing 'kind' (\"soap\" or \"acsf\")", e.Message);
    }
}
