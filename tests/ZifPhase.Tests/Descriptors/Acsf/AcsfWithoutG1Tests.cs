using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Acsf;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Acsf;

public class AcsfWithoutG1Tests
{
    [Fact]
    public void DroppingG1RemovesExactlyTheG1ColumnOfEachSpecies()
    {
        var frame = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        var spec = new AcsfSpec
        {
            Species = ["Zn", "N"],
            RCut = 6.0,
            G2Params = [[0.1, 0.0], [0.5, 2.0]],
            G3Params = [[1.2]],
            G4Params = [[0.05, 1.0, -1.0]],
            G5Params = [[0.05, 2.0, 1.0]],
        };
        var with = new AcsfDescriptor(spec);
        var without = new AcsfDescriptor(spec with { G1 = false });
        Assert.Equal(with.Dimension - 2, without.Dimension);
        var g1Columns = new[] { with.RadialOffset(0), with.RadialOffset(1) };
        Assert.All(g1Columns, k => Assert.StartsWith("G1_", with.FeatureNames[k]));
        Assert.Equal(with.FeatureNames.Where((_, k) => !g1Columns.Contains(k)), without.FeatureNames);
        var zn = frame.IndicesOf(Element.Zn);
        var a = with.Compute(frame, zn);
        var b = without.Compute(frame, zn);
        for (int c = 0; c < zn.Length; c++)
        {
            var expected = a.AsSpan(c * with.Dimension, with.Dimension).ToArray().Where((_, k) => !g1Columns.Contains(k)).ToArray();
            Assert.Equal(expected, b.AsSpan(c * without.Dimension, without.Dimension).ToArray());
        }
        Assert.Contains("\"g1\":false", (spec with { G1 = false }).ToJson());
    }
}
