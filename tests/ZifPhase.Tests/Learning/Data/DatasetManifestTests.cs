using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning.Data;

public class DatasetManifestTests
{
    private static string WriteManifest(string toml, params string[] files)
    {
        var dir = TestPaths.NewTempDir();
        foreach (var f in files)
        {
            var full = Path.Combine(dir, f);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "x");
        }
        var path = Path.Combine(dir, "set.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    [Fact]
    public void PresetManifestReadsSourcesInOrderWithPathsRelativeToTheManifest()
    {
        var path = WriteManifest("""
            descriptor = "paper-bpsf"
            centers = "Zn"
            [[source]]
            path = "md/a.lammpstrj.gz"
            phase = "ZIF-4"
            tag = "nvt"
            frames = "0:40:1"
            types = "1=Zn,2=N,3=C,4=H"
            [[source]]
            path = "md/b.extxyz"
            phase = "ZIF-zni"
            tag = "npt"
            [[source]]
            path = "c.extxyz"
            phase = "ZIF-4"
            tag = "npt"
            """, "md/a.lammpstrj.gz", "md/b.extxyz", "c.extxyz");
        var m = DatasetManifest.Load(path);
        Assert.Equal(AcsfSpec.PaperBpsf.ToJson(), m.Descriptor.ToJson());
        Assert.Equal("Zn", m.Centres);
        Assert.Equal(["ZIF-4", "ZIF-zni"], m.ClassNames);
        Assert.Equal(3, m.Sources.Count);
        Assert.Equal(new DatasetSource("md/a.lammpstrj.gz", "ZIF-4", "nvt", "0:40:1", "1=Zn,2=N,3=C,4=H"), m.Sources[0]);
        Assert.Equal(new DatasetSource("md/b.extxyz", "ZIF-zni", "npt", null, null), m.Sources[1]);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Assert.Equal(folder, m.Folder);
        Assert.Equal(Path.Combine(folder, "md", "a.lammpstrj.gz"), m.ResolvePath(m.Sources[0]));
        Assert.True(File.Exists(m.ResolvePath(m.Sources[2])));
        Assert.Equal(File.ReadAllText(path), m.Text);
        Assert.Equal(1, m.Label("ZIF-zni"));
        Assert.Equal(new ZifPhase.IO.FrameRange(0, 40, 1), m.Sources[0].ReadOptions().Frames);
    }

    [Fact]
    public void CentersDefaultToZinc()
    {
        var m = DatasetManifest.Load(WriteManifest("""
            descriptor = "paper-soap"
            [[source]]
            path = "a.xyz"
            phase = "p"
            tag = "t"
            """, "a.xyz"));
        Assert.Equal("Zn", m.Centres);
        Assert.IsType<SoapSpec>(m.Descriptor);
    }

    [Fact]
    public void InlineDescriptorTableIsADescriptorSpec()
    {
        var m = DatasetManifest.Load(WriteManifest("""
            centers = "all"
            [descriptor]
            kind = "acsf"
            species = ["H", "C", "N", "Zn"]
            r_cut = 6
            g1 = false
            g2_params = [[0.5, 0.0], [1.0, 2.5]]
            [[source]]
            path = "a.xyz"
            phase = "p"
            tag = "t"
            """, "a.xyz"));
        var spec = Assert.IsType<AcsfSpec>(m.Descriptor);
        Assert.Equal(6.0, spec.RCut);
        Assert.False(spec.G1);
        Assert.Equal([0.5, 0.0], spec.G2Params[0]);
        Assert.Equal([1.0, 2.5], spec.G2Params[1]);
        Assert.Equal(["H", "C", "N", "Zn"], spec.Species);
        Assert.Equal("all", m.Centres);
        var expected = DescriptorSpec.FromJson("""{"kind":"acsf","species":["H","C","N","Zn"],"r_cut":6.0,"g1":false,"g2_params":[[0.5,0.0],[1.0,2.5]]}""");
        Assert.Equal(expected.ToJson(), spec.ToJson());
        Assert.Equal(spec.ToJson(), DescriptorSpec.FromJson(spec.ToJson()).ToJson());
    }

    private const string Good1 = "[[source]]\npath = \"a.xyz\"\nphase = \"p\"\ntag = \"t\"\n";

    [Theory]
    [InlineData("descriptor = \"paper-bpsf\"\n[[source]]\nphase = \"p\"\ntag = \"t\"\n", "[[source]] 1", "'path'")]
    [InlineData("descriptor = \"paper-bpsf\"\n" + Good1 + "[[source]]\npath = \"a.xyz\"\ntag = \"t\"\n", "[[source]] 2", "'phase'")]
    [InlineData("descriptor = \"paper-bpsf\"\n" + Good1 + "[[source]]\npath = \"a.xyz\"\nphase = \"p\"\n", "[[source]] 2", "'tag'")]
    [InlineData("descriptor = \"paper-bpsf\"\nlabel = 3\n" + Good1, "unknown key", "'label'")]
    [InlineData("descriptor = \"paper-bpsf\"\n" + Good1 + "[[source]]\npath = \"a.xyz\"\nphase = \"p\"\ntag = \"t\"\nframe = \"0:3\"\n", "[[source]] 2", "'frame'")]
    [InlineData("descriptor = \"paper-bpsf\"\n" + Good1 + "frames = \"0:x\"\n", "[[source]] 1", "'frames'")]
    [InlineData("descriptor = \"paper-bpsf\"\n" + Good1 + "types = \"1=Qq\"\n", "[[source]] 1", "'types'")]
    [InlineData("descriptor = \"paper-bsf\"\n" + Good1, "'descriptor'", "paper-bsf")]
    [InlineData("[descriptor]\nkind = \"acsf\"\nspecies = [\"Zn\"]\nr_cut = 6.0\nbogus = 1\n" + Good1, "[descriptor]", "bogus")]
    [InlineData("[descriptor]\nspecies = [\"Zn\"]\nr_cut = 6.0\n" + Good1, "[descriptor]", "'kind'")]
    [InlineData("[descriptor]\nkind = \"acsf\"\nspecies = [\"Zn\"]\nr_cut = -1.0\n" + Good1, "[descriptor]", "r_cut")]
    [InlineData("descriptor = 3\n" + Good1, "'descriptor'", "preset")]
    [InlineData("descriptor = \"paper-bpsf\"\n[[source]]\npath = \"missing.xyz\"\nphase = \"p\"\ntag = \"t\"\n", "[[source]] 1", "missing.xyz")]
    [InlineData(Good1, "'descriptor'", "missing")]
    [InlineData("descriptor = \"paper-bpsf\"\n", "[[source]]", "no")]
    [InlineData("descriptor = \"paper-bpsf\"\ncenters = \"Qq\"\n" + Good1, "'centers'", "Qq")]
    [InlineData("descriptor = \"paper-bpsf\"\n[[source]\n", "TOML", "set.toml")]
    public void ErrorsNameTheFileAndTheKey(string toml, string part1, string part2)
    {
        var path = WriteManifest(toml, "a.xyz");
        var e = Assert.Throws<InputException>(() => DatasetManifest.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(part1, e.Message);
        Assert.Contains(part2, e.Message);
    }

    [Fact]
    public void MissingManifestIsAnInputError()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "none.toml");
        var e = Assert.Throws<InputException>(() => DatasetManifest.Load(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }
}
