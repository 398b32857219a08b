using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO;

/// <summary>Every real structure shipped in data/structures reads through the format-detecting entry point.</summary>
public class ShippedStructuresTests
{
    public static TheoryData<string> AllStructureFiles()
    {
        var data = new TheoryData<string>();
        var root = TestPaths.Data("structures");
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!f.EndsWith(".md", StringComparison.Ordinal))
                data.Add(Path.GetRelativePath(root, f));
        return data;
    }

    [Fact]
    public void Castel2023Glass01IsGaillacGlass01Again()
    {
        // The demo lists castel-2023/ZIF4_15glass01.lmp as the same configuration as gaillac-2020-glass/ZIF4_15glass01.cif
        // and counts it once: same cell, same atoms, each within 10⁻³ Å of an atom of the same element.
        var castel = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "castel-2023", "ZIF4_15glass01.lmp"));
        var gaillac = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "gaillac-2020-glass", "ZIF4_15glass01.cif"));
        Assert.Equal(gaillac.AtomCount, castel.AtomCount);
        Assert.Equal(castel.Composition(), gaillac.Composition());
        double worst = 0;
        for (int i = 0; i < castel.AtomCount; i++)
        {
            double best = double.MaxValue;
            for (int j = 0; j < gaillac.AtomCount; j++)
                if (gaillac.Elements[j].Symbol == castel.Elements[i].Symbol)
                    best = Math.Min(best, gaillac.Cell.MinimumImageDistance(castel.Positions[i], gaillac.Positions[j]));
            worst = Math.Max(worst, best);
        }
        Assert.True(worst < 1e-3, $"an atom is {worst} Å from its nearest counterpart");
    }

    [Fact]
    public void AllShippedFilesAreCovered() => Assert.Equal(38, AllStructureFiles().Count);

    [Theory]
    [MemberData(nameof(AllStructureFiles))]
    public void HasTheZnIm2CompositionOf17AtomsPerZn(string relative)
    {
        var frame = TrajectoryReader.ReadFirst(TestPaths.Data("structures", relative));
        Assert.Equal(["C", "H", "N", "Zn"], frame.Composition().Keys.Order(StringComparer.Ordinal));
        CrystalChecks.AssertZnIm2Composition(frame);
        Assert.True(frame.Cell.HasLattice && frame.Cell.FullyPeriodic, "every shipped structure is a periodic cell");
    }

    [Theory]
    [InlineData("lewis-2009/ZIF-4.cif", 272)]
    [InlineData("widmer-2019/ZIF-4-cp-II.cif", 272)]
    [InlineData("widmer-2019/ZIF-4-hPT-II.cif", 136)]
    [InlineData("widmer-2019/ZNI-FixedCell.cif", 544)]
    [InlineData("castel-2023/reaxff_glass_300K.data", 2176)]
    [InlineData("castel-2023/mqgzif4_rmc_glass.xyz.gz", 8704)]
    [InlineData("amof/ZIF-4.xyz", 272)]
    public void KnownAtomCounts(string relative, int atoms)
    {
        var frame = TrajectoryReader.ReadFirst(TestPaths.Data("structures", relative));
        Assert.Equal(atoms, frame.AtomCount);
    }

    [Theory]
    [InlineData("lewis-2009/ZIF-4.cif", TrajectoryFormat.Cif)]
    [InlineData("castel-2024/crystal.lmp", TrajectoryFormat.LammpsData)]
    [InlineData("castel-2023/ZIF4_15glass01.lmp", TrajectoryFormat.LammpsData)]
    [InlineData("castel-2023/mqgzif4_rmc_glass.xyz.gz", TrajectoryFormat.ExtendedXyz)]
    [InlineData("amof/ZIF-4.xyz", TrajectoryFormat.ExtendedXyz)]
    public void FormatIsDetected(string relative, TrajectoryFormat format) =>
        Assert.Equal(format, TrajectoryReader.DetectFormat(TestPaths.Data("structures", relative)));

    [Fact]
    public void ContentWinsOverAMisleadingExtension()
    {
        var dir = TestPaths.NewTempDir();
        var renamed = Path.Combine(dir, "actually-a-cif.xyz");
        File.Copy(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), renamed);
        Assert.Equal(TrajectoryFormat.Cif, TrajectoryReader.DetectFormat(renamed));
        Assert.Equal(272, TrajectoryReader.ReadFirst(renamed).AtomCount);
    }

    [Fact]
    public void GzipIsDetectedByContentWhateverTheName()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "zif4.extxyz.gz");
        TrajectoryWriter.WriteAll(path, [TrajectoryReader.ReadFirst(TestPaths.Data("structures", "amof", "ZIF-4.xyz"))]);
        var renamed = Path.Combine(dir, "zif4.extxyz");
        File.Move(path, renamed);
        Assert.Equal(272, TrajectoryReader.ReadFirst(renamed).AtomCount);
    }
}
