using ZifPhase.IO;

namespace ZifPhase.Tests.IO;

/// <summary>The one-line-per-format registry and the file kinds the trajectory reader names.</summary>
public class TrajectoryFormatsTests
{
    [Fact]
    public void EveryEnumValueHasExactlyOneLine()
    {
        foreach (var format in Enum.GetValues<TrajectoryFormat>())
            Assert.Single(TrajectoryFormats.All, f => f.Format == format);
    }

    [Fact]
    public void NamesAliasesAndExtensionsAreUnique()
    {
        var all = TrajectoryFormats.All;
        Assert.Equal(all.Count, all.Select(f => f.Name).Distinct().Count());
        var aliases = all.SelectMany(f => f.Aliases).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
        var extensions = all.SelectMany(f => f.Extensions).ToList();
        Assert.Equal(extensions.Count, extensions.Distinct().Count());
        Assert.All(extensions, e => Assert.True(e.StartsWith('.') && e == e.ToLowerInvariant(), e));
    }

    [Theory]
    [InlineData("run.lammpstrj", TrajectoryFormat.LammpsDump)]
    [InlineData("RUN.DUMP.gz", TrajectoryFormat.LammpsDump)]
    [InlineData("a/b.extxyz", TrajectoryFormat.ExtendedXyz)]
    [InlineData("b.xyz.gz", TrajectoryFormat.ExtendedXyz)]
    [InlineData("c.cif", TrajectoryFormat.Cif)]
    [InlineData("d.lmp", TrajectoryFormat.LammpsData)]
    [InlineData("d.data", TrajectoryFormat.LammpsData)]
    public void ExtensionsNameTheirFormat(string path, TrajectoryFormat format) =>
        Assert.Equal(format, TrajectoryFormats.FromExtension(path));

    [Fact]
    public void UnknownExtensionSaysNothing() => Assert.Null(TrajectoryFormats.FromExtension("notes.txt"));

    [Fact]
    public void EveryAliasParsesBackToItsFormatAndNamesRoundTrip()
    {
        foreach (var info in TrajectoryFormats.All)
        {
            foreach (var alias in info.Aliases) Assert.Equal(info.Format, TrajectoryFormats.Parse(" " + alias.ToUpperInvariant() + " "));
            Assert.Equal(info.Format, TrajectoryFormats.Parse(TrajectoryFormats.Name(info.Format)));
            Assert.Equal(info.Description, TrajectoryFormats.Describe(info.Format));
        }
    }

    [Fact]
    public void UnknownNameIsAUsageErrorListingTheShortNames()
    {
        var e = Assert.Throws<UsageException>(() => TrajectoryFormats.Parse("pdb"));
        Assert.Equal("unknown format 'pdb' (use dump, extxyz, cif or data)", e.Message);
    }

    [Fact]
    public void OnlyDumpAndExtxyzAreWrittenAndFollowed()
    {
        Assert.Equal([TrajectoryFormat.LammpsDump, TrajectoryFormat.ExtendedXyz], TrajectoryFormats.All.Where(f => f.Write is not null).Select(f => f.Format));
        Assert.Equal([TrajectoryFormat.LammpsDump, TrajectoryFormat.ExtendedXyz], TrajectoryFormats.All.Where(f => f.CanFollow).Select(f => f.Format));
        Assert.False(TrajectoryFormats.CanWrite(TrajectoryFormat.Cif));
    }

    [Fact]
    public void FollowingACifIsAnInputError()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "x.cif");
        var e = Assert.Throws<InputException>(() => TrajectoryReader.OpenFollow(path, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal($"{path}: a CIF file cannot be followed while it is written (follow a LAMMPS dump or extended XYZ file)", e.Message);
    }

    [Fact]
    public void FileKindsAreToldByTheirFirstBytes()
    {
        var dir = TestPaths.NewTempDir();
        string Write(string name, byte[] bytes)
        {
            var p = Path.Combine(dir, name);
            File.WriteAllBytes(p, bytes);
            return p;
        }
        var h5 = Write("a.h5", [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        var model = Write("m.json", System.Text.Encoding.UTF8.GetBytes("{\"format\": \"zifphase-model\"}"));
        var csv = Write("f.csv", System.Text.Encoding.UTF8.GetBytes("frame,step,time_ps,a,frac_uncertain,frac_unknown\n"));
        var toml = Write("s.toml", System.Text.Encoding.UTF8.GetBytes("descriptor = \"x\"\n[[source]]\n"));
        Assert.True(FileKinds.IsHdf5(h5));
        Assert.True(FileKinds.IsModelJson(model));
        Assert.True(FileKinds.IsFractionsCsv(csv));
        Assert.True(FileKinds.IsManifest(toml));
        Assert.Equal(ZifPhase.Learning.ModelFile.Format, FileKinds.ModelFormat);
        foreach (var (path, kind) in new[] { (h5, "a dataset (HDF5)"), (model, "a model file (JSON)"), (toml, "a dataset manifest (TOML)") })
        {
            var e = Assert.Throws<InputException>(() => TrajectoryReader.DetectFormat(path));
            Assert.Equal($"{path}: this is {kind}, not a trajectory", e.Message);
        }
        Assert.Null(FileKinds.NotATrajectory(Path.Combine(dir, "missing")));
    }

    [Fact]
    public void IoDoesNotReferenceLearning()
    {
        var io = Path.Combine(TestPaths.RepoRoot, "src", "ZifPhase", "IO");
        foreach (var file in Directory.EnumerateFiles(io, "*.cs"))
            Assert.DoesNotContain("Learning", File.ReadAllText(file));
    }
}
