using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning.Data;

public class SplitTests
{
    /// <summary>
    /// Six sources: ZIF-4 ×3 (tags a, b, a), cp-II ×2 (b, c), zni ×1 (a); source s has 3 + s frames of 4 centres,
    /// with frame indices 0, 2, 4, ... (a strided selection).
    /// </summary>
    private static Dataset Synthetic()
    {
        var sources = new DatasetSource[]
        {
            new("s0.xyz", "ZIF-4", "a", null, null), new("s1.xyz", "ZIF-4", "b", null, null), new("s2.xyz", "ZIF-4", "a", "0::2", null),
            new("s3.xyz", "cp-II", "b", null, null), new("s4.xyz", "cp-II", "c", null, null), new("s5.xyz", "zni", "a", null, null),
        };
        string[] classes = ["ZIF-4", "cp-II", "zni"];
        var labels = new List<int>();
        var src = new List<int>();
        var frame = new List<int>();
        var atom = new List<int>();
        for (int s = 0; s < sources.Length; s++)
            for (int f = 0; f < 3 + s; f++)
                for (int a = 0; a < 4; a++)
                {
                    labels.Add(Array.IndexOf(classes, sources[s].Phase));
                    src.Add(s);
                    frame.Add(2 * f);
                    atom.Add(10 + a);
                }
        var features = Enumerable.Range(0, labels.Count * 2).Select(i => (float)i).ToArray();
        return new Dataset(features, 2, labels.ToArray(), classes, ["x", "y"], AcsfSpec.PaperBpsf, sources,
            src.ToArray(), frame.ToArray(), atom.ToArray());
    }

    private static void AssertPartition(int rows, int[] train, int[] test)
    {
        Assert.Equal(rows, train.Length + test.Length);
        Assert.Equal(Enumerable.Range(0, rows), train.Concat(test).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(test.Order(), test);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.25, 7)]
    [InlineData(0.5, 3)]
    public void RandomStratifiedKeepsClassProportions(double fraction, int seed)
    {
        // Unequal classes, interleaved: 104 of class 0, 34 of class 1, 10 of class 2.
        var labels = Enumerable.Range(0, 148).Select(i => i % 4 == 3 && i < 148 - 10 ? 1 : 0).ToArray();
        for (int i = 138; i < 148; i++) labels[i] = 2;
        var (train, test) = Split.RandomStratified(labels, fraction, seed);
        AssertPartition(labels.Length, train, test);
        for (int c = 0; c < 3; c++)
        {
            int n = labels.Count(l => l == c);
            int expected = (int)Math.Round(n * fraction, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, test.Count(r => labels[r] == c));
        }
    }

    [Fact]
    public void RandomStratifiedIsSeeded()
    {
        var labels = Enumerable.Range(0, 200).Select(i => i % 3).ToArray();
        var a = Split.RandomStratified(labels, 0.2, 42);
        var b = Split.RandomStratified(labels, 0.2, 42);
        var c = Split.RandomStratified(labels, 0.2, 43);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Test, c.Test);
        Assert.Equal(a.Test.Length, c.Test.Length);
        // Not simply the first rows of each class.
        Assert.NotEqual(Enumerable.Range(0, 200).Where(i => i < 3 * 14).ToArray(), a.Test);
    }

    [Fact]
    public void FractionsOutsideTheUnitIntervalAreErrors()
    {
        Assert.Throws<ZifPhaseException>(() => Split.RandomStratified([0, 1], 1.5, 0));
        Assert.Throws<ZifPhaseException>(() => Split.RandomStratified([0, 1], double.NaN, 0));
        Assert.Throws<ZifPhaseException>(() => Split.ByFrame(Synthetic(), -0.1, 0));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.3, 2)]
    [InlineData(0.5, 5)]
    public void ByFrameNeverSplitsAFrame(double fraction, int seed)
    {
        var d = Synthetic();
        var (train, test) = Split.ByFrame(d, fraction, seed);
        AssertPartition(d.Rows, train, test);
        var trainFrames = train.Select(r => (d.SourceIndex[r], d.Frame[r])).ToHashSet();
        var testFrames = test.Select(r => (d.SourceIndex[r], d.Frame[r])).ToHashSet();
        Assert.Empty(trainFrames.Intersect(testFrames));
        // Stratified by the frames' class: ZIF-4 has 3+4+5 = 12 frames, cp-II 6+7 = 13, zni 8.
        int[] framesPerClass = [12, 13, 8];
        for (int c = 0; c < 3; c++)
            Assert.Equal((int)Math.Round(framesPerClass[c] * fraction, MidpointRounding.AwayFromZero),
                testFrames.Count(g => d.Labels[Array.FindIndex(d.SourceIndex, s => s == g.Item1)] == c));
        Assert.Equal(test, Split.ByFrame(d, fraction, seed).Test);
    }

    [Fact]
    public void ByFrameDiffersBetweenSeeds()
    {
        var d = Synthetic();
        Assert.NotEqual(Split.ByFrame(d, 0.3, 1).Test, Split.ByFrame(d, 0.3, 2).Test);
    }

    [Fact]
    public void BySourceTagPutsExactlyTheTaggedRowsInTest()
    {
        var d = Synthetic();
        var (train, test) = Split.BySourceTag(d, ["b", "c"]);
        AssertPartition(d.Rows, train, test);
        Assert.Equal(Enumerable.Range(0, d.Rows).Where(r => d.SourceIndex[r] is 1 or 3 or 4), test);
        Assert.All(train, r => Assert.Equal("a", d.Tag(r)));
        var (trainA, testA) = Split.BySourceTag(d, ["a"]);
        Assert.Equal(test, trainA);
        Assert.Equal(train, testA);
        var e = Assert.Throws<ZifPhaseException>(() => Split.BySourceTag(d, ["zz"]));
        Assert.Contains("'zz'", e.Message);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.34, 4)]
    [InlineData(0.9, 5)]
    public void BySourceKeepsWholeSourcesAndOneSourcePerClassInTrain(double fraction, int seed)
    {
        var d = Synthetic();
        var (train, test) = Split.BySource(d, fraction, seed);
        AssertPartition(d.Rows, train, test);
        var trainSources = train.Select(r => d.SourceIndex[r]).ToHashSet();
        var testSources = test.Select(r => d.SourceIndex[r]).ToHashSet();
        Assert.Empty(trainSources.Intersect(testSources));
        foreach (int s in testSources)
            Assert.Equal(Enumerable.Range(0, d.Rows).Where(r => d.SourceIndex[r] == s), test.Where(r => d.SourceIndex[r] == s));
        // Every class keeps a source in train; ZIF-4 (3 sources) and cp-II (2) give at least one to test; zni (1) none.
        for (int c = 0; c < 3; c++) Assert.Contains(train, r => d.Labels[r] == c);
        Assert.Contains(test, r => d.Labels[r] == 0);
        Assert.Contains(test, r => d.Labels[r] == 1);
        Assert.DoesNotContain(test, r => d.Labels[r] == 2);
        int zif4Test = testSources.Count(s => s <= 2);
        Assert.Equal(Math.Clamp((int)Math.Round(3 * fraction, MidpointRounding.AwayFromZero), 1, 2), zif4Test);
        Assert.Equal(test, Split.BySource(d, fraction, seed).Test);
    }

    [Fact]
    public void BySourceWithZeroFractionKeepsEverythingInTrain()
    {
        var d = Synthetic();
        var (train, test) = Split.BySource(d, 0, 1);
        Assert.Empty(test);
        Assert.Equal(d.Rows, train.Length);
    }

    [Fact]
    public void DatasetConstructorChecksShapes()
    {
        var d = Synthetic();
        Assert.Throws<ArgumentException>(() => new Dataset(d.Features, 3, d.Labels, d.ClassNames, d.FeatureNames, d.Descriptor, d.Sources, d.SourceIndex, d.Frame, d.Atom));
        Assert.Throws<ArgumentException>(() => new Dataset(d.Features, 2, d.Labels[1..], d.ClassNames, d.FeatureNames, d.Descriptor, d.Sources, d.SourceIndex, d.Frame, d.Atom));
        var bad = (int[])d.Labels.Clone();
        bad[0] = 3;
        Assert.Throws<ArgumentException>(() => new Dataset(d.Features, 2, bad, d.ClassNames, d.FeatureNames, d.Descriptor, d.Sources, d.SourceIndex, d.Frame, d.Atom));
        Assert.Equal([2f, 3f], d.Row(1).ToArray());
        Assert.Equal("c", d.Tag(d.Rows - 4 * 8 - 1));
    }

    [Theory]
    [InlineData(0.25, 2)]
    [InlineData(0.2, 4)]
    [InlineData(0.5, 0)]
    public void BlockKeepsAGapOfFramesBetweenTrainingAndTestInEveryRun(double fraction, int gap)
    {
        var d = Synthetic();
        var (train, test) = Split.Block(d, fraction, gap);
        Assert.Empty(train.Intersect(test));
        for (int s = 0; s < d.Sources.Count; s++)
        {
            var trainFrames = train.Where(r => d.SourceIndex[r] == s).Select(r => d.Frame[r]).ToList();
            var testFrames = test.Where(r => d.SourceIndex[r] == s).Select(r => d.Frame[r]).ToList();
            Assert.NotEmpty(testFrames);
            // Test is the late block; every training frame lies more than `gap` frames before the first test frame.
            if (trainFrames.Count > 0) Assert.True(trainFrames.Max() < testFrames.Min() - gap, $"source {s}: train up to {trainFrames.Max()}, test from {testFrames.Min()}, gap {gap}");
            int n = 3 + s, k = Math.Max(1, (int)Math.Round(n * fraction, MidpointRounding.AwayFromZero));
            Assert.Equal(k * 4, testFrames.Count);
        }
    }

    [Fact]
    public void BlockOnHandCountedFrames()
    {
        var d = Synthetic();
        var (train, test) = Split.Block(d, 0.25, 2);
        // Source 0 has frames 0, 2, 4: frame 4 tested, frame 2 in the gap (4 − 2 − 1 = 1 is the last trainable), frame 0 trained.
        Assert.Equal([4], test.Where(r => d.SourceIndex[r] == 0).Select(r => d.Frame[r]).Distinct());
        Assert.Equal([0], train.Where(r => d.SourceIndex[r] == 0).Select(r => d.Frame[r]).Distinct());
        // Source 5 has frames 0..14 step 2: round(8 · 0.25) = 2 tested (12, 14), 10 in the gap, 0..8 trained.
        Assert.Equal([12, 14], test.Where(r => d.SourceIndex[r] == 5).Select(r => d.Frame[r]).Distinct());
        Assert.Equal([0, 2, 4, 6, 8], train.Where(r => d.SourceIndex[r] == 5).Select(r => d.Frame[r]).Distinct());
        Assert.Equal(d.Rows - 6 * 4, train.Length + test.Length); // one gap frame of 4 rows in each of the 6 sources
        Assert.Throws<ZifPhaseException>(() => Split.Block(d, 0.2, -1));
    }

    [Fact]
    public void BlockHoldsOutSingleFrameStructuresWhole()
    {
        // Four single-frame structures of one phase plus one run: round(4 · 0.25) = 1 structure in test, whole.
        var sources = new DatasetSource[]
        {
            new("run.xyz", "ZIF-4", "md", null, null), new("a.cif", "ZIF-4", "real", null, null), new("b.cif", "ZIF-4", "real", null, null),
            new("c.cif", "ZIF-4", "real", null, null), new("d.cif", "ZIF-4", "real", null, null),
        };
        var src = new List<int>();
        var frame = new List<int>();
        for (int f = 0; f < 8; f++) for (int a = 0; a < 2; a++) { src.Add(0); frame.Add(f); }
        for (int s = 1; s < 5; s++) for (int a = 0; a < 3; a++) { src.Add(s); frame.Add(0); }
        int rows = src.Count;
        var d = new Dataset(new float[rows], 1, new int[rows], ["ZIF-4"], ["x"], AcsfSpec.PaperBpsf, sources, src.ToArray(), frame.ToArray(), new int[rows]);
        var (train, test) = Split.Block(d, 0.25, 1);
        var testStructures = test.Select(r => d.SourceIndex[r]).Where(s => s > 0).Distinct().ToList();
        Assert.Single(testStructures);
        Assert.Equal(3, test.Count(r => d.SourceIndex[r] == testStructures[0]));
        Assert.DoesNotContain(train, r => d.SourceIndex[r] == testStructures[0]);
        Assert.Equal([6, 7], test.Where(r => d.SourceIndex[r] == 0).Select(r => d.Frame[r]).Distinct());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void ByRunHoldsOutWholeRunsPerTagAndPhaseAndBlocksSingleRuns(int seed)
    {
        var d = Synthetic();
        var (train, test) = Split.ByRun(d, 0.25, 2, seed);
        Assert.Empty(train.Intersect(test));
        // (a, ZIF-4) has runs s0 and s2: exactly one of them is tested whole, the other trained whole.
        var wholeTest = new[] { 0, 2 }.Where(s => test.Any(r => d.SourceIndex[r] == s)).ToArray();
        Assert.Single(wholeTest);
        int other = wholeTest[0] == 0 ? 2 : 0;
        Assert.Equal(d.SourceIndex.Count(s => s == wholeTest[0]), test.Count(r => d.SourceIndex[r] == wholeTest[0]));
        Assert.Equal(d.SourceIndex.Count(s => s == other), train.Count(r => d.SourceIndex[r] == other));
        // Single runs (s1, s3, s4, s5) are split as Block: source 5's frames 12, 14 tested, 0..8 trained.
        var (blockTrain, blockTest) = Split.Block(d, 0.25, 2, seed);
        foreach (int s in new[] { 1, 3, 4, 5 })
        {
            Assert.Equal(blockTest.Where(r => d.SourceIndex[r] == s), test.Where(r => d.SourceIndex[r] == s));
            Assert.Equal(blockTrain.Where(r => d.SourceIndex[r] == s), train.Where(r => d.SourceIndex[r] == s));
        }
        Assert.Equal([12, 14], test.Where(r => d.SourceIndex[r] == 5).Select(r => d.Frame[r]).Distinct());
        Assert.Equal(Split.ByRun(d, 0.25, 2, seed), (train, test), new SplitComparer());
    }

    private sealed class SplitComparer : IEqualityComparer<(int[] Train, int[] Test)>
    {
        public bool Equals((int[] Train, int[] Test) x, (int[] Train, int[] Test) y) => x.Train.SequenceEqual(y.Train) && x.Test.SequenceEqual(y.Test);
        public int GetHashCode((int[] Train, int[] Test) obj) => obj.Train.Length;
    }

    [Fact]
    public void GatherCopiesRowsAndStandardisesColumns()
    {
        var d = Synthetic();
        var rows = new[] { 3, 0, 5 };
        var raw = d.Gather(rows, standardise: false);
        for (int r = 0; r < rows.Length; r++) Assert.Equal(d.Row(rows[r]).ToArray(), raw.AsSpan(r * d.Dimension, d.Dimension).ToArray());
        var z = d.Gather(rows, standardise: true);
        for (int c = 0; c < d.Dimension; c++)
        {
            var column = Enumerable.Range(0, rows.Length).Select(r => (double)z[r * d.Dimension + c]).ToArray();
            Assert.Equal(0, column.Average(), 5);
            double variance = column.Sum(v => v * v) / rows.Length;
            Assert.True(Math.Abs(variance - 1) < 1e-5 || variance == 0, $"column {c}: variance {variance}");
        }
    }
}
