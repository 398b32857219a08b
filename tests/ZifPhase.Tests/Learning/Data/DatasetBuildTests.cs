using System.IO.Compression;
using PureHDF;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Learning.Data;

/// <summary>One dataset built from three small trajectories, shared by the tests that read it.</summary>
public sealed class BuiltDataset
{
    public string Folder { get; } = DatasetTestData.WriteThreeSources();
    public string Manifest => Path.Combine(Folder, "manifest.toml");
    public string Output => Path.Combine(Folder, "out", "set.h5");
    public DatasetSummary Summary { get; }
    public List<DatasetProgress> Reports { get; } = [];

    public BuiltDataset()
    {
        var progress = new ListProgress(Reports);
        Summary = DatasetBuilder.Build(DatasetManifest.Load(Manifest), Output, progress, maxDegreeOfParallelism: 1);
    }

    private sealed class ListProgress(List<DatasetProgress> list) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => list.Add(value);
    }
}

public class DatasetBuildTests(BuiltDataset built) : IClassFixture<BuiltDataset>
{
    private static readonly int ZnZif4 = DatasetTestData.Zif4.IndicesOf(Element.FromSymbol("Zn")).Length;
    private static readonly int ZnCp = DatasetTestData.CpII.IndicesOf(Element.FromSymbol("Zn")).Length;

    [Fact]
    public void RowsLabelsAndProvenanceFollowTheManifest()
    {
        var d = Dataset.Load(built.Output);
        int expectedRows = 4 * ZnZif4 + 3 * ZnCp + 3 * ZnZif4;
        Assert.Equal(expectedRows, d.Rows);
        Assert.Equal(12, d.Dimension);
        Assert.Equal(expectedRows * 12, d.Features.Length);
        Assert.Equal(["ZIF-4", "ZIF-4-cp-II"], d.ClassNames);
        Assert.Equal(AcsfSpec.PaperBpsf.Create(1).FeatureNames, d.FeatureNames);
        Assert.Equal(AcsfSpec.PaperBpsf.ToJson(), d.Descriptor.ToJson());
        Assert.Equal(File.ReadAllText(built.Manifest), d.ManifestText);
        Assert.Equal("Zn", d.Centres);
        Assert.Equal(new DatasetSource("md/zif4-b.extxyz", "ZIF-4", "ffB", "0:5:2", null), d.Sources[2]);

        var znZif4 = DatasetTestData.Zif4.IndicesOf(Element.FromSymbol("Zn"));
        var znCp = DatasetTestData.CpII.IndicesOf(Element.FromSymbol("Zn"));
        var expected = new List<(int Source, int Frame, int Atom, int Label, string Tag)>();
        foreach (int f in new[] { 0, 1, 2, 3 }) expected.AddRange(znZif4.Select(a => (0, f, a, 0, "ffA")));
        foreach (int f in new[] { 0, 1, 2 }) expected.AddRange(znCp.Select(a => (1, f, a, 1, "ffA")));
        foreach (int f in new[] { 0, 2, 4 }) expected.AddRange(znZif4.Select(a => (2, f, a, 0, "ffB")));
        var actual = Enumerable.Range(0, d.Rows).Select(r => (d.SourceIndex[r], d.Frame[r], d.Atom[r], d.Labels[r], d.Tag(r))).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FeaturesEqualTheDescriptorComputedDirectlyOnTheFrames()
    {
        var d = Dataset.Load(built.Output);
        var descriptor = AcsfSpec.PaperBpsf.Create(1);
        var zn = Element.FromSymbol("Zn");
        int row = 0;
        foreach (var (file, frames) in new[] { ("zif4-a.extxyz", "0:4"), ("cp2-a.extxyz", ":"), ("zif4-b.extxyz", "0:5:2") })
            foreach (var frame in TrajectoryReader.Read(Path.Combine(built.Folder, "md", file), new ReadOptions { Frames = FrameRange.Parse(frames) }))
            {
                var centres = frame.IndicesOf(zn);
                var rows = descriptor.Compute(frame, centres, 1);
                for (int c = 0; c < centres.Length; c++, row++)
                {
                    var expected = rows.AsSpan(c * 12, 12).ToArray().Select(v => (float)v).ToArray();
                    Assert.Equal(expected, d.Row(row).ToArray());
                }
            }
        Assert.Equal(d.Rows, row);
        Assert.Contains(d.Features, v => v != 0);
    }

    [Fact]
    public void SummaryAndProgressCountRowsPerClassAndTag()
    {
        var s = built.Summary;
        Assert.Equal(7 * ZnZif4 + 3 * ZnCp, s.Rows);
        Assert.Equal(12, s.Dimension);
        Assert.Equal(7L * ZnZif4, s.RowsPerClass["ZIF-4"]);
        Assert.Equal(3L * ZnCp, s.RowsPerClass["ZIF-4-cp-II"]);
        Assert.Equal(4L * ZnZif4 + 3 * ZnCp, s.RowsPerTag["ffA"]);
        Assert.Equal(3L * ZnZif4, s.RowsPerTag["ffB"]);
        var done = built.Reports.Where(p => p.SourceDone).ToList();
        Assert.Equal([0, 1, 2], done.Select(p => p.Source));
        Assert.Equal([4, 3, 3], done.Select(p => p.Frames));
        Assert.All(done, p => Assert.Equal(p.BytesTotal, p.BytesRead));
        Assert.Equal(10 + 3, built.Reports.Count);
    }

    [Fact]
    public void Hdf5LayoutIsWhatH5pyExpects()
    {
        using var file = H5File.OpenRead(built.Output);
        Assert.Equal(Dataset.FormatName, file.Attribute("format").Read<string>());
        var features = file.Dataset("features");
        Assert.Equal([(ulong)built.Summary.Rows, 12UL], features.Space.Dimensions);
        Assert.Equal(4, features.Type.Size);
        foreach (var name in new[] { "labels", "source", "frame", "atom" })
        {
            var ds = file.Dataset(name);
            Assert.Equal([(ulong)built.Summary.Rows], ds.Space.Dimensions);
            Assert.Equal(4, ds.Type.Size);
        }
        Assert.Equal(["ZIF-4", "ZIF-4-cp-II"], file.Attribute("class_names").Read<string[]>());
        Assert.Equal(["md/zif4-a.extxyz", "md/cp2-a.extxyz", "md/zif4-b.extxyz"], file.Attribute("source_paths").Read<string[]>());
        Assert.Equal(["ZIF-4", "ZIF-4-cp-II", "ZIF-4"], file.Attribute("source_phases").Read<string[]>());
        Assert.Equal(["ffA", "ffA", "ffB"], file.Attribute("source_tags").Read<string[]>());
        Assert.Equal(["", "", "0:5:2"], file.Attribute("source_frames").Read<string[]>());
        Assert.Equal(12, file.Attribute("feature_names").Read<string[]>().Length);
        Assert.Equal(AcsfSpec.PaperBpsf.ToJson(), DescriptorSpec.FromJson(file.Attribute("descriptor_spec").Read<string>()).ToJson());
        Assert.Contains("[[source]]", file.Attribute("manifest").Read<string>());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(built.Output)!, "*.tmp"));
    }

    [Fact]
    public void ContentHashIsStableAndSensitive()
    {
        var a = Dataset.Load(built.Output);
        var b = Dataset.Load(built.Output);
        Assert.Matches("^[0-9a-f]{64}$", a.ContentHash);
        Assert.Equal(a.ContentHash, b.ContentHash);

        // Rebuilding with other thread counts gives the same bytes.
        var again = Path.Combine(built.Folder, "again.h5");
        DatasetBuilder.Build(DatasetManifest.Load(built.Manifest), again, maxDegreeOfParallelism: 2);
        Assert.Equal(a.ContentHash, Dataset.Load(again).ContentHash);

        Dataset Copy(float[] features, int[] labels) => new(features, a.Dimension, labels, a.ClassNames, a.FeatureNames, a.Descriptor,
            a.Sources, a.SourceIndex, a.Frame, a.Atom, a.ManifestText);
        Assert.Equal(a.ContentHash, Copy((float[])a.Features.Clone(), (int[])a.Labels.Clone()).ContentHash);
        var features = (float[])a.Features.Clone();
        features[17] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(features[17]) + 1); // one ulp
        Assert.NotEqual(a.ContentHash, Copy(features, a.Labels).ContentHash);
        var labels = (int[])a.Labels.Clone();
        labels[^1] = 1 - labels[^1];
        Assert.NotEqual(a.ContentHash, Copy(a.Features, labels).ContentHash);
    }

    [Fact]
    public void TruncatedSourceLeavesNoOutputAndNoTemporaryFile()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var last = Path.Combine(dir, "md", "zif4-b.extxyz");
        var text = File.ReadAllText(last);
        File.WriteAllText(last, text[..(int)(text.Length * 0.7)]); // cut inside frame 3 of 5
        var output = Path.Combine(dir, "out.h5");
        var e = Assert.ThrowsAny<InputException>(() => DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "manifest.toml")), output, maxDegreeOfParallelism: 1));
        Assert.Contains("zif4-b.extxyz", e.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void CancelledBuildLeavesNothing()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var output = Path.Combine(dir, "out.h5");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "manifest.toml")), output, cancel: cts.Token));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void SourceWithoutCentresIsAnErrorNamingIt()
    {
        var dir = DatasetTestData.WriteThreeSources("centers = \"Cu\"");
        var e = Assert.Throws<InputException>(() => DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "manifest.toml")), Path.Combine(dir, "o.h5")));
        Assert.Contains("zif4-a.extxyz", e.Message);
        Assert.Contains("no centre 'Cu'", e.Message);
        Assert.Equal([Path.Combine(dir, "manifest.toml")], Directory.GetFiles(dir));
    }

    [Fact]
    public void GzipSourcesAndTypeMapsAreRead()
    {
        var dir = TestPaths.NewTempDir();
        var dump = DatasetTestData.Write(Path.Combine(dir, "a.lammpstrj"), DatasetTestData.Jittered(DatasetTestData.Zif4, 2, 9));
        // Replace the element column by LAMMPS types so the manifest's type map is needed.
        var typeOf = new Dictionary<string, string> { ["Zn"] = "1", ["N"] = "2", ["C"] = "3", ["H"] = "4" };
        bool atoms = false;
        using (var gz = new StreamWriter(new GZipStream(File.Create(Path.Combine(dir, "a.lammpstrj.gz")), CompressionLevel.Fastest)))
            foreach (var line in File.ReadAllLines(dump))
            {
                if (line.StartsWith("ITEM:", StringComparison.Ordinal))
                {
                    atoms = line.StartsWith("ITEM: ATOMS", StringComparison.Ordinal);
                    gz.WriteLine(atoms ? line.Replace(" element ", " type ", StringComparison.Ordinal) : line);
                    continue;
                }
                if (!atoms) { gz.WriteLine(line); continue; }
                var f = line.Split(' ');
                f[1] = typeOf[f[1]];
                gz.WriteLine(string.Join(' ', f));
            }
        File.Delete(dump);
        File.WriteAllText(Path.Combine(dir, "m.toml"), """
            descriptor = "paper-bpsf"
            [[source]]
            path = "a.lammpstrj.gz"
            phase = "ZIF-4"
            tag = "t"
            frames = "1"
            types = "1=Zn,2=N,3=C,4=H"
            """);
        var s = DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "m.toml")), Path.Combine(dir, "d.h5"));
        Assert.Equal(ZnZif4, s.Rows);
        var d = Dataset.Load(Path.Combine(dir, "d.h5"));
        Assert.All(d.Frame, f => Assert.Equal(1, f));
    }

    [Fact]
    public void LoadRejectsFilesThatAreNotDatasets()
    {
        var dir = TestPaths.NewTempDir();
        var text = Path.Combine(dir, "text.h5");
        File.WriteAllText(text, "not hdf5 at all");
        var e = Assert.Throws<InputException>(() => Dataset.Load(text));
        Assert.StartsWith(text + ":", e.Message);

        var features = Path.Combine(dir, "features.h5");
        using (var w = FeatureMatrixWriter.Create(features, ["a"], FeatureDType.Float32))
        {
            w.WriteRows([1.0], 0, [0]);
            w.Complete();
        }
        e = Assert.Throws<InputException>(() => Dataset.Load(features));
        Assert.Equal($"{features}: not a ZifPhase dataset (no 'format' attribute)", e.Message);

        var truncated = Path.Combine(dir, "cut.h5");
        var bytes = File.ReadAllBytes(built.Output);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<InputException>(() => Dataset.Load(truncated));
        Assert.StartsWith(truncated + ":", e.Message);

        e = Assert.Throws<InputException>(() => Dataset.Load(Path.Combine(dir, "none.h5")));
        Assert.EndsWith("no such file", e.Message);
    }
}
