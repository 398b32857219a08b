using System.Text;
using ZifPhase.IO;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>The README's catalogue of bad inputs: each is one line on stderr naming the file (and frame and line when known), with a non-zero exit.</summary>
public class BadInputCatalogueTests
{
    internal static void AssertOneLineError((int Code, string Out, string Err) r, params string[] named)
    {
        Assert.NotEqual(0, r.Code);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Err);
        Assert.StartsWith("zifphase: error:", lines[0]);
        foreach (var n in named) Assert.Contains(n, lines[0]);
    }

    private static string Dump(int frames)
    {
        var dir = TestPaths.NewTempDir();
        return DatasetTestData.Write(Path.Combine(dir, "run.lammpstrj"), DatasetTestData.Jittered(DatasetTestData.Zif4, frames, 1));
    }

    [Fact]
    public void EmptyFileAndBinaryGarbage()
    {
        var dir = TestPaths.NewTempDir();
        var empty = Path.Combine(dir, "empty.lammpstrj");
        File.WriteAllText(empty, "");
        AssertOneLineError(CliRunner.Run("info", empty), "empty.lammpstrj", "empty");
        var garbage = Path.Combine(dir, "garbage.bin");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251)).ToArray());
        AssertOneLineError(CliRunner.Run("info", garbage), "garbage.bin");
    }

    [Fact]
    public void TruncatedLastFrameKeepsEveryCompleteFrameAndNamesTheCutOne()
    {
        var path = Dump(3);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length - 500)]); // the last frame loses its last atom lines, mid-line
        var outPath = Path.Combine(Path.GetDirectoryName(path)!, "out.extxyz");
        var r = CliRunner.Run("convert", path, outPath);
        AssertOneLineError(r, "run.lammpstrj", "frame 2", "line", "file ends inside frame 2", "2 complete frame(s)");
        Assert.Equal(2, TrajectoryReader.Read(outPath).Count());
        var npy = Path.Combine(Path.GetDirectoryName(path)!, "rows.csv");
        AssertOneLineError(CliRunner.Run("describe", path, "--preset", "paper-bpsf", "-o", npy), "run.lammpstrj", "frame 2", "rows of the complete frames");
        Assert.Equal(1 + 2 * 16, File.ReadAllLines(npy).Length);
    }

    [Fact]
    public void NonFiniteCoordinatesNameTheLine()
    {
        var path = Dump(1);
        var lines = File.ReadAllLines(path);
        int atomLine = Array.FindIndex(lines, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal)) + 3;
        var fields = lines[atomLine].Split(' ');
        fields[2] = "nan";
        lines[atomLine] = string.Join(' ', fields);
        File.WriteAllLines(path, lines);
        AssertOneLineError(CliRunner.Run("info", path), "run.lammpstrj", "frame 0", $"line {atomLine + 1}", "not finite");
    }

    [Fact]
    public void ZeroOrNegativeCellVolume()
    {
        var dir = TestPaths.NewTempDir();
        var dump = Path.Combine(dir, "inverted.lammpstrj");
        File.WriteAllText(dump, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n10 0\n0 10\n0 10\nITEM: ATOMS id element x y z\n1 Zn 1 1 1\n");
        AssertOneLineError(CliRunner.Run("info", dump), "inverted.lammpstrj", "frame 0", "line 8", "negative edge");
        var cif = Path.Combine(dir, "flat.cif");
        File.WriteAllText(cif, "data_flat\n_cell_length_a 10\n_cell_length_b 10\n_cell_length_c 0\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0 0 0\n");
        AssertOneLineError(CliRunner.Run("info", cif), "flat.cif");
    }

    [Fact]
    public void UnmappedTypeAndUnknownElement()
    {
        var dir = TestPaths.NewTempDir();
        var typed = Path.Combine(dir, "typed.lammpstrj");
        File.WriteAllText(typed, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 5 1 1 1\n");
        AssertOneLineError(CliRunner.Run("info", typed, "--types", "1=Zn"), "typed.lammpstrj", "5");
        var unknown = Path.Combine(dir, "unknown.xyz");
        File.WriteAllText(unknown, "2\n\nZn 0 0 0\nQq 1 1 1\n");
        AssertOneLineError(CliRunner.Run("info", unknown), "unknown.xyz", "Qq");
    }

    [Fact]
    public void CorruptGzip()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "run.lammpstrj.gz");
        var bytes = File.ReadAllBytes(TestPaths.Data("md", "glass__g01_NVT300K_s5001.lammpstrj.gz"));
        for (int i = 200; i < 260; i++) bytes[i] ^= 0x5a;
        File.WriteAllBytes(path, bytes);
        AssertOneLineError(CliRunner.Run("info", path), "run.lammpstrj.gz");
    }

    [Fact]
    public void ClassifyRefusesFramesWithoutCentresOrWithoutTheDescriptorsElements()
    {
        var dir = TestPaths.NewTempDir();
        var h5 = Path.Combine(dir, "d.h5");
        var manifest = DatasetTestData.WriteThreeSources();
        Assert.Equal(0, CliRunner.Run("dataset", "build", Path.Combine(manifest, "manifest.toml"), "-o", h5).Code);
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", h5, "--preset", "paper-bpsf", "--epochs", "5", "-o", model).Code);
        var noZn = Path.Combine(dir, "nozn.xyz");
        File.WriteAllText(noZn, "2\nLattice=\"10 0 0 0 10 0 0 0 10\"\nN 0 0 0\nC 1 1 1\n");
        AssertOneLineError(CliRunner.Run("classify", model, noZn, "--fractions", Path.Combine(dir, "f.csv")), "nozn.xyz", "frame 0", "no centre atom");
        Assert.False(File.Exists(Path.Combine(dir, "f.csv")));
        // A SOAP model needs H, C, N and Zn in every frame; a Zn-only frame is refused.
        var soapManifest = DatasetTestData.WriteThreeSources();
        File.WriteAllText(Path.Combine(soapManifest, "manifest.toml"), File.ReadAllText(Path.Combine(soapManifest, "manifest.toml")).Replace("paper-bpsf", "paper-soap"));
        var soapSet = Path.Combine(dir, "s.h5");
        Assert.Equal(0, CliRunner.Run("dataset", "build", Path.Combine(soapManifest, "manifest.toml"), "-o", soapSet).Code);
        var soapModel = Path.Combine(dir, "s.json");
        Assert.Equal(0, CliRunner.Run("train", soapSet, "--preset", "paper-soap", "--epochs", "2", "-o", soapModel).Code);
        var znOnly = Path.Combine(dir, "zn.xyz");
        File.WriteAllText(znOnly, "2\nLattice=\"10 0 0 0 10 0 0 0 10\"\nZn 0 0 0\nZn 5 5 5\n");
        AssertOneLineError(CliRunner.Run("classify", soapModel, znOnly, "--fractions", Path.Combine(dir, "g.csv")), "zn.xyz", "needs H, C, N, Zn", "no H, C, N");
    }
}
