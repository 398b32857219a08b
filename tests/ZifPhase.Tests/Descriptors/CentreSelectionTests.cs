using ZifPhase.Descriptors;
using ZifPhase.IO;

namespace ZifPhase.Tests.Descriptors;

public class CentreSelectionTests
{
    private static readonly ZifPhase.Structures.Frame Zif4 = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));

    [Fact]
    public void ElementAllAndIndices()
    {
        var zn = CentreSelection.Parse("Zn").Resolve(Zif4);
        Assert.Equal(16, zn.Length);
        Assert.All(zn, i => Assert.Equal("Zn", Zif4.Elements[i].Symbol));
        Assert.Equal(zn.Order(), zn);
        Assert.Equal(Enumerable.Range(0, 272), CentreSelection.Parse("all").Resolve(Zif4));
        Assert.Equal([5, 0, 17], CentreSelection.Parse("5, 0,17").Resolve(Zif4));
    }

    [Theory]
    [InlineData("Zq")]
    [InlineData("1,-2")]
    [InlineData("")]
    public void BadSelectionsAreErrors(string text) => Assert.Throws<ZifPhaseException>(() => CentreSelection.Parse(text));

    [Fact]
    public void IndexBeyondTheFrameNamesTheFrame()
    {
        var e = Assert.Throws<InputException>(() => CentreSelection.Parse("3,272").Resolve(Zif4));
        Assert.Contains("272", e.Message);
        Assert.Contains("ZIF-4.cif", e.Message);
    }
}
