using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class ShippedModelsTests
{
    [Fact]
    public void ANameResolvesToTheModelInTheFirstFolderThatHasIt()
    {
        var first = Directory.CreateTempSubdirectory("zp-models-a").FullName;
        var second = Directory.CreateTempSubdirectory("zp-models-b").FullName;
        try
        {
            File.WriteAllText(Path.Combine(second, "paper-soap.json"), "{}");
            Assert.Equal(Path.Combine(second, "paper-soap.json"), ShippedModels.Resolve("paper-soap", [first, second]));
            File.WriteAllText(Path.Combine(first, "paper-soap.json"), "{}");
            Assert.Equal(Path.Combine(first, "paper-soap.json"), ShippedModels.Resolve("paper-soap", [first, second]));
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void PathsAndExistingFilesAreKeptAsGiven()
    {
        Assert.Equal("some/dir/model.json", ShippedModels.Resolve("some/dir/model.json", []));
        Assert.Equal("model.json", ShippedModels.Resolve("model.json", []));
    }

    [Fact]
    public void AnUnknownNameNamesTheShippedModels()
    {
        var e = Assert.Throws<InputException>(() => ShippedModels.Resolve("paper-sop", []));
        Assert.Contains("did you mean 'paper-soap'", e.Message);
        Assert.Contains("shipped: paper-soap, paper-bpsf", e.Message);
        var missing = Assert.Throws<InputException>(() => ShippedModels.Resolve("paper-bpsf", []));
        Assert.Contains("not installed", missing.Message);
    }
}
