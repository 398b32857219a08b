using System.Buffers.Binary;
using System.Text;
using PureHDF;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Structures;
using ZifPhase.Tests.Descriptors.Soap;

namespace ZifPhase.Tests.Cli;

public class DescribeCommandTests
{
    private static (long Rows, long Columns, double[] Values) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        var shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var dims = shape[..shape.IndexOf(')')].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        int start = 10 + headerLength, size = header.Contains("<f4") ? 4 : 8;
        var values = new double[(bytes.Length - start) / size];
        for (int i = 0; i < values.Length; i++)
            values[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 4 * i)) : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(start + 8 * i));
        Assert.Equal(dims[0] * dims[1], values.Length);
        return (dims[0], dims[1], values);
    }

    [Fact]
    public void EndToEndSoapMatchesDScribeThroughAFileAndASpec()
    {
        // DScribe's own output for n_max 4, l_max 3, four species, on ZIF-4: written out, read back, described.
        var block = SoapReference.Get("real_zif4_lewis.json", "soap_small_4species_nmax4_lmax3_Zn_centres");
        var dir = TestPaths.NewTempDir();
        var structure = Path.Combine(dir, "zif4.extxyz");
        TrajectoryWriter.WriteAll(structure, [block.Frame]);
        var spec = Path.Combine(dir, "soap.json");
        File.WriteAllText(spec, block.Spec.ToJson());
        var output = Path.Combine(dir, "soap.npy");
        var (code, _, stderr) = CliRunner.Run("describe", structure, "--spec", spec, "--centers", string.Join(",", block.Centres),
            "--dtype", "float64", "-o", output);
        Assert.True(code == 0, stderr);
        var (rows, columns, values) = ReadNpy(output);
        Assert.Equal(block.Centres.Length, rows);
        Assert.Equal(544, columns);
        for (int r = 0; r < rows; r++)
        {
            var ours = values.AsSpan((int)(r * columns), (int)columns);
            double diff = 0, norm = 0;
            for (int k = 0; k < columns; k++)
            {
                diff += (ours[k] - block.Output[r][k]) * (ours[k] - block.Output[r][k]);
                norm += block.Output[r][k] * block.Output[r][k];
            }
            Assert.True(Math.Sqrt(diff / norm) <= 1e-8, $"row {r}: relative error {Math.Sqrt(diff / norm):E2}");
        }
    }

    [Fact]
    public void PresetOnATrajectoryGivesFramesTimesCentresRowsInFileOrder()
    {
        var dir = TestPaths.NewTempDir();
        var zif4 = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        var rng = new Random(3);
        var frames = Enumerable.Range(0, 4).Select(i => new Frame(
            zif4.Positions.Select(p => p + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.1).ToArray(),
            zif4.Elements, zif4.Cell) { Step = 10 * i }).ToArray();
        var traj = Path.Combine(dir, "traj.lammpstrj.gz");
        TrajectoryWriter.WriteAll(traj, frames);
        var csv = Path.Combine(dir, "bpsf.csv");
        var (code, _, stderr) = CliRunner.Run("describe", traj, "--preset", "paper-bpsf", "--frames", "1:4:2", "-o", csv);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(1 + 2 * 16, lines.Length);
        Assert.StartsWith("frame,atom,G2_Zn_eta", lines[0]);
        Assert.Equal(2 + 12, lines[0].Split(',').Length);
        var descriptor = AcsfSpec.PaperBpsf.Create();
        var zn = zif4.IndicesOf(Element.Zn);
        foreach (var (frameIndex, line0) in new[] { (1, 1), (3, 17) })
        {
            // The dump round-trips positions exactly, so rows equal the in-process computation (as float32).
            var expected = descriptor.Compute(TrajectoryReader.Read(traj).ElementAt(frameIndex), zn);
            for (int c = 0; c < 16; c++)
            {
                var fields = lines[line0 + c].Split(',');
                Assert.Equal(frameIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[0]);
                Assert.Equal(zn[c].ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
                for (int k = 0; k < 12; k++)
                    Assert.Equal((float)expected[c * 12 + k], float.Parse(fields[2 + k], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void Hdf5OutputCarriesTheSpecAndIsTheSameForOneAndTwoThreads()
    {
        var dir = TestPaths.NewTempDir();
        var input = TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif");
        string one = Path.Combine(dir, "one.h5"), two = Path.Combine(dir, "two.h5");
        Assert.Equal(0, CliRunner.Run("describe", input, "--preset", "paper-soap", "--threads", "1", "-o", one).Code);
        Assert.Equal(0, CliRunner.Run("describe", input, "--preset", "paper-soap", "--threads", "2", "-o", two).Code);
        using var f1 = H5File.OpenRead(one);
        using var f2 = H5File.OpenRead(two);
        var a = f1.Dataset("features").Read<float[]>();
        Assert.Equal([16UL, 780UL], f1.Dataset("features").Space.Dimensions);
        Assert.Equal(a, f2.Dataset("features").Read<float[]>());
        Assert.True(a.All(float.IsFinite) && a.Any(v => v != 0));
        var spec = DescriptorSpec.FromJson(f1.Attribute("descriptor_spec").Read<string>());
        Assert.Equal(SoapSpec.PaperSoap.ToJson(), spec.ToJson());
        Assert.Equal(780, f1.Attribute("feature_names").Read<string[]>().Length);
    }

    [Theory]
    [InlineData(new[] { "--preset", "paper-soap", "--spec", "x.json" }, "exactly one")]
    [InlineData(new[] { "--preset", "paper-mbtr" }, "paper-mbtr")]
    [InlineData(new[] { "--preset", "paper-bpsf", "--dtype", "float16" }, "float16")]
    [InlineData(new[] { "--spec", "no-such-spec.json" }, "no-such-spec.json")]
    [InlineData(new[] { "--preset", "paper-bpsf", "--centers", "Xe" }, "Xe")]
    public void BadArgumentsAreOneLineErrorsAndLeaveNoOutput(string[] extra, string named)
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "out.npy");
        var args = new[] { "describe", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "-o", output }.Concat(extra).ToArray();
        var (code, _, stderr) = CliRunner.Run(args);
        Assert.NotEqual(0, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, stderr);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void InvalidSpecFileNamesTheFile()
    {
        var dir = TestPaths.NewTempDir();
        var spec = Path.Combine(dir, "bad.json");
        File.WriteAllText(spec, """{"kind":"soap","species":["H"],"r_cut":9,"n_max":0,"l_max":3}""");
        var (code, _, stderr) = CliRunner.Run("describe", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--spec", spec, "-o", Path.Combine(dir, "o.npy"));
        Assert.Equal(1, code);
        Assert.Contains("bad.json", stderr);
        Assert.Contains("n_max", stderr);
    }

    [Theory]
    [InlineData("new/x.npy/")]
    [InlineData("new2/x.txt")]
    public void AnUnknownFeatureFileTypeIsRefusedBeforeAnyFolderIsCreated(string output)
    {
        var dir = TestPaths.NewTempDir();
        var (code, _, stderr) = CliRunner.Run("describe", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--preset", "paper-bpsf", "-o", Path.Combine(dir, output));
        Assert.Equal(1, code);
        Assert.Contains("unknown feature file type", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}
