using System.Buffers.Binary;
using System.Text;
using PureHDF;
using ZifPhase.Reporting;

namespace ZifPhase.Tests.Reporting;

public class FeatureMatrixWriterTests
{
    private static readonly string[] Names = ["f0", "f1", "f2"];

    private static double[] Rows(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * 3).Select(_ => rng.NextDouble() * 1e3 - 500).ToArray();
    }

    private static string Write(string ext, FeatureDType dtype, double[] a, double[] b)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "x" + ext);
        using var w = FeatureMatrixWriter.Create(path, Names, dtype, new Dictionary<string, string> { ["descriptor_spec"] = "{\"kind\":\"acsf\"}" });
        w.WriteRows(a, 0, [4, 9]);
        w.WriteRows(b, 3, [1, 2, 7]);
        Assert.False(File.Exists(path));
        w.Complete();
        Assert.False(File.Exists(path + ".tmp"));
        return path;
    }

    /// <summary>Minimal .npy reader (version 1.0, little-endian floats, C order).</summary>
    private static (string Header, double[] Values) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("\x93NUMPY", Encoding.Latin1.GetString(bytes, 0, 6));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64); // NumPy aligns the data to 64 bytes
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        int start = 10 + headerLength, size = header.Contains("<f4") ? 4 : 8;
        var values = new double[(bytes.Length - start) / size];
        for (int i = 0; i < values.Length; i++)
            values[i] = size == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 4 * i))
                : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(start + 8 * i));
        return (header, values);
    }

    [Theory]
    [InlineData(FeatureDType.Float32)]
    [InlineData(FeatureDType.Float64)]
    public void NpyHoldsTheRowsWithTheirShape(FeatureDType dtype)
    {
        double[] a = Rows(2, 1), b = Rows(3, 2);
        var (header, values) = ReadNpy(Write(".npy", dtype, a, b));
        Assert.Contains("'shape': (5, 3)", header);
        Assert.Contains(dtype == FeatureDType.Float32 ? "'descr': '<f4'" : "'descr': '<f8'", header);
        var expected = a.Concat(b).Select(v => dtype == FeatureDType.Float32 ? (float)v : v).ToArray();
        Assert.Equal(expected, values);
    }

    [Fact]
    public void CsvHasFrameAtomAndRoundTripValues()
    {
        double[] a = Rows(2, 3), b = Rows(3, 4);
        var lines = File.ReadAllLines(Write(".csv", FeatureDType.Float64, a, b));
        Assert.Equal("frame,atom,f0,f1,f2", lines[0]);
        Assert.Equal(6, lines.Length);
        var row3 = lines[3].Split(',');
        Assert.Equal("3", row3[0]);
        Assert.Equal("1", row3[1]);
        Assert.Equal(b[0], double.Parse(row3[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(b[2], double.Parse(row3[4], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(FeatureDType.Float32)]
    [InlineData(FeatureDType.Float64)]
    public void Hdf5HoldsFeaturesFramesAtomsAndAttributes(FeatureDType dtype)
    {
        double[] a = Rows(2, 5), b = Rows(3, 6);
        var path = Write(".h5", dtype, a, b);
        using var file = H5File.OpenRead(path);
        var features = file.Dataset("features");
        Assert.Equal([5UL, 3UL], features.Space.Dimensions);
        var expected = a.Concat(b).ToArray();
        if (dtype == FeatureDType.Float32)
            Assert.Equal(expected.Select(v => (float)v), features.Read<float[]>());
        else
            Assert.Equal(expected, features.Read<double[]>());
        Assert.Equal([0, 0, 3, 3, 3], file.Dataset("frame").Read<int[]>());
        Assert.Equal([4, 9, 1, 2, 7], file.Dataset("atom").Read<int[]>());
        Assert.Equal("{\"kind\":\"acsf\"}", file.Attribute("descriptor_spec").Read<string>());
        Assert.Equal(Names, file.Attribute("feature_names").Read<string[]>());
    }

    [Fact]
    public void AbandonedWriterLeavesNothing()
    {
        var dir = TestPaths.NewTempDir();
        foreach (var ext in new[] { ".npy", ".csv", ".h5" })
        {
            var path = Path.Combine(dir, "y" + ext);
            using (var w = FeatureMatrixWriter.Create(path, Names, FeatureDType.Float32))
                w.WriteRows(Rows(1, 7), 0, [0]);
            Assert.Empty(Directory.GetFiles(dir));
        }
    }

    [Fact]
    public void UnknownExtensionIsAnError() =>
        Assert.Throws<ZifPhaseException>(() => FeatureMatrixWriter.Create("x.parquet", Names, FeatureDType.Float32));
}
