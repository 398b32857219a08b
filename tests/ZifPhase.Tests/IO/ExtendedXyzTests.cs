using System.IO.Compression;
using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.IoTestHelpers;

namespace ZifPhase.Tests.IO;

public class ExtendedXyzTests
{
    [Fact]
    public void LooksLikeWantsAnAtomCountFirst()
    {
        Assert.True(ExtendedXyz.LooksLike("272\nLattice=\"1 0 0 0 1 0 0 0 1\"\n"u8));
        Assert.True(ExtendedXyz.LooksLike("\n  3  \nwater\n"u8));
        Assert.False(ExtendedXyz.LooksLike("ITEM: TIMESTEP\n0\n"u8));
        Assert.False(ExtendedXyz.LooksLike("3.5\n"u8));
        Assert.False(ExtendedXyz.LooksLike("data_ZIF-4\n"u8));
    }

    [Fact]
    public void AmofZifFour()
    {
        using var file = File.OpenRead(TestPaths.Data("structures", "amof", "ZIF-4.xyz"));
        var frame = Assert.Single(ExtendedXyz.Read(file, "ZIF-4.xyz", ReadOptions.Default));
        Assert.Equal(272, frame.AtomCount);
        Assert.Equal(new SortedDictionary<string, int> { ["H"] = 96, ["C"] = 96, ["N"] = 64, ["Zn"] = 16 }, frame.Composition());
        Assert.True(frame.Cell.FullyPeriodic);
        Assert.Equal(new Vec3(15.4231, 0, 0), frame.Cell.A);
        Assert.Equal(new Vec3(-0.0001882, 15.4042, 0), frame.Cell.B);
        Assert.Equal(new Vec3(-0.00057924, -0.00012873, 18.43789999), frame.Cell.C);
        Assert.Equal(Vec3.Zero, frame.Cell.Origin);
        Assert.Equal(Element.C, frame.Elements[0]);
        Assert.Equal(new Vec3(13.38923981, 11.41563487, 15.70687824), frame.Positions[0]);
        Assert.Equal(["occ", "biso"], frame.Columns.Select(c => c.Name));
        Assert.Equal(1.0, Assert.IsType<AtomColumn<double>>(frame.Column("occ"))[0]);
        Assert.Empty(frame.Info);
    }

    [Fact]
    public void CastelRmcGlassThroughGzip()
    {
        using var file = File.OpenRead(TestPaths.Data("structures", "castel-2023", "mqgzif4_rmc_glass.xyz.gz"));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        var frame = Assert.Single(ExtendedXyz.Read(gz, "mqgzif4_rmc_glass.xyz.gz", ReadOptions.Default));
        Assert.Equal(8704, frame.AtomCount);
        Assert.Equal(512, frame.IndicesOf(Element.Zn).Length);
        Assert.Equal(512 * 4, frame.IndicesOf(Element.N).Length);
        var (a, b, c, alpha, beta, gamma) = frame.Cell.Parameters;
        Assert.Equal(47.5225, a, 1e-12);
        Assert.Equal(47.5225, b, 1e-12);
        Assert.Equal(47.5225, c, 1e-12);
        Assert.Equal(90, alpha, 1e-12);
        Assert.Equal(90, beta, 1e-12);
        Assert.Equal(90, gamma, 1e-12);
        Assert.True(frame.Cell.FullyPeriodic);
        var occ = Assert.IsType<AtomColumn<double>>(frame.Column("occ"));
        var biso = Assert.IsType<AtomColumn<double>>(frame.Column("biso"));
        Assert.Equal(8704, occ.AtomCount);
        Assert.All(occ.Values, v => Assert.Equal(1.0, v));
        Assert.Equal(1.0, biso[0]);
        Assert.Equal(new Vec3(26.20200560, 11.94953262, 12.95510873), frame.Positions[0]);
    }

    [Fact]
    public void PlainXyzHasNoCell()
    {
        var frame = Assert.Single(ReadXyz("3\nwater, from a textbook\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nh 0 -0.7572 -0.4692\n"));
        Assert.Same(Cell.None, frame.Cell);
        Assert.False(frame.Cell.AnyPeriodic);
        Assert.False(frame.Cell.HasLattice);
        Assert.Equal(["O", "H", "H"], frame.Elements.Select(e => e.Symbol));
        Assert.Equal(new Vec3(0, -0.7572, -0.4692), frame.Positions[2]);
        Assert.Equal("water, from a textbook", frame.Info["comment"]);
        Assert.Empty(frame.Columns);
    }

    [Fact]
    public void QuotedValuesBareKeysAndEscapes()
    {
        var comment = "Lattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3 " +
            "title=\"ZIF-4 at \\\"300 K\\\" (NPT)\" relaxed config_type=cag energy = -1234.5 tags={a b c}";
        var frame = Assert.Single(ReadXyz($"1\n{comment}\nZn 1 2 3\n"));
        Assert.Equal("ZIF-4 at \"300 K\" (NPT)", frame.Info["title"]);
        Assert.Equal("True", frame.Info["relaxed"]);
        Assert.Equal("cag", frame.Info["config_type"]);
        Assert.Equal("-1234.5", frame.Info["energy"]);
        Assert.Equal("a b c", frame.Info["tags"]);
        Assert.Equal(5, frame.Info.Count);

        var again = Assert.Single(ReadXyz(WriteXyz(frame)));
        Assert.Equal(frame.Info, again.Info);
    }

    [Fact]
    public void KeysMatchCaseInsensitivelyAndPbcPerAxis()
    {
        var frame = Assert.Single(ReadXyz("1\nlattice=\"5 0 0 0 6 0 0 0 7\" PROPERTIES=species:S:1:pos:R:3 PBC=\"T F T\" TIME=1.5 timestep=2000\nN 1 1 1\n"));
        Assert.Equal(new Vec3(0, 6, 0), frame.Cell.B);
        Assert.True(frame.Cell.PeriodicA);
        Assert.False(frame.Cell.PeriodicB);
        Assert.True(frame.Cell.PeriodicC);
        Assert.Equal(1.5, frame.Time);
        Assert.Equal(2000, frame.Step);
        Assert.Empty(frame.Info);
    }

    [Fact]
    public void ColumnsOfEveryKindAndElementsFromZ()
    {
        var text = "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=Z:I:1:pos:R:3:forces:R:3:fixed:L:1:label:S:1:img:I:3 Origin=\"-1 0.5 2\"\n" +
            "30 0 0 0 0.1 -0.2 0.3 T cag 0 1 -1\n" +
            "7 1 1 1 -0.1 0.2 -0.3 F zni 1 0 0\n";
        var frame = Assert.Single(ReadXyz(text));
        Assert.Equal([Element.Zn, Element.N], frame.Elements);
        Assert.Equal(new Vec3(-1, 0.5, 2), frame.Cell.Origin);
        Assert.Equal([30L, 7], Assert.IsType<AtomColumn<long>>(frame.Column("Z")).Values);
        var forces = Assert.IsType<AtomColumn<double>>(frame.Column("forces"));
        Assert.Equal(3, forces.Components);
        Assert.Equal([0.1, -0.2, 0.3, -0.1, 0.2, -0.3], forces.Values);
        Assert.Equal([true, false], Assert.IsType<AtomColumn<bool>>(frame.Column("fixed")).Values);
        Assert.Equal(["cag", "zni"], Assert.IsType<AtomColumn<string>>(frame.Column("label")).Values);
        var img = Assert.IsType<AtomColumn<long>>(frame.Column("img"));
        Assert.Equal(3, img.Components);
        Assert.Equal(-1, img[0, 2]);
        Assert.Equal(["Z", "forces", "fixed", "label", "img"], frame.Columns.Select(c => c.Name));

        // Written and read again: all of it identical.
        var again = Assert.Single(ReadXyz(WriteXyz(frame)));
        Assert.Equal(frame.Elements, again.Elements);
        Assert.Equal(frame.Positions, again.Positions);
        Assert.Equal(frame.Cell.Origin, again.Cell.Origin);
        Assert.Equal(frame.Columns.Select(c => (c.Name, c.Kind, c.Components)), again.Columns.Select(c => (c.Name, c.Kind, c.Components)));
        Assert.Equal([true, false], Assert.IsType<AtomColumn<bool>>(again.Column("fixed")).Values);
        Assert.Equal(forces.Values, Assert.IsType<AtomColumn<double>>(again.Column("forces")).Values);
    }

    private static string ThreeFrames() => string.Concat(Enumerable.Range(0, 5).Select(i =>
        $"{i + 1}\nLattice=\"9 0 0 0 9 0 0 0 9\" Properties=species:S:1:pos:R:3 Step={i * 10}\n" +
        string.Concat(Enumerable.Range(0, i + 1).Select(k => $"C {k} {i} 0\n"))));

    [Fact]
    public void MultipleFramesAndFrameRange()
    {
        var all = ReadXyz(ThreeFrames());
        Assert.Equal([1, 2, 3, 4, 5], all.Select(f => f.AtomCount));
        Assert.Equal([0L, 10, 20, 30, 40], all.Select(f => f.Step));
        Assert.Equal([0, 1, 2, 3, 4], all.Select(f => f.Index));

        var some = ReadXyz(ThreeFrames(), new ReadOptions { Frames = FrameRange.Parse("1:5:2") });
        Assert.Equal([1, 3], some.Select(f => f.Index));
        Assert.Equal([10L, 30], some.Select(f => f.Step));
        Assert.Equal(new Vec3(3, 3, 0), some[1].Positions[3]);
    }

    [Fact]
    public void TruncatedFrameAndBadValuesNameFileFrameAndLine()
    {
        var text = ThreeFrames();
        var cut = text[..text.LastIndexOf("C 3 4 0", StringComparison.Ordinal)];
        var e = Assert.ThrowsAny<InputException>(() => ReadXyz(cut, source: "glass.xyz"));
        Assert.Equal("glass.xyz", e.File);
        Assert.Equal(4, e.FrameIndex);
        Assert.Contains("expected 5 atom lines, found 3", e.Message);
        // 1+2+3+4 atom lines and 2 header lines per frame before, then 2 header lines and 3 atoms.
        Assert.Equal(10 + 8 + 2 + 3, e.Line);

        var bad = Assert.Throws<InputException>(() => ReadXyz("2\nProperties=species:S:1:pos:R:3:q:R:1\nZn 0 0 0 1\nN 0 0 0 x\n"));
        Assert.Contains("'x' in column q is not a number", bad.Message);
        Assert.Equal(4, bad.Line);

        var count = Assert.Throws<InputException>(() => ReadXyz("2\nProperties=species:S:1:pos:R:3:q:R:1\nZn 0 0 0 1\nN 0 0 0\n"));
        Assert.Contains("atom line has 4 values but Properties describe 5", count.Message);

        var quote = Assert.Throws<InputException>(() => ReadXyz("1\nLattice=\"1 0 0 0 1 0 0 0 1\nZn 0 0 0\n"));
        Assert.Contains("never closed", quote.Message);
        Assert.Equal(2, quote.Line);

        var notCount = Assert.Throws<InputException>(() => ReadXyz(text + "junk\n"));
        Assert.Equal(5, notCount.FrameIndex);
    }

    [Fact]
    public void WriterWithoutLatticeSaysNotPeriodic()
    {
        var frame = new Frame([new Vec3(0.1, 0.2, 0.3)], [Element.H], Cell.None) { Time = 0.25, Step = 7 };
        var text = WriteXyz(frame);
        Assert.Equal("1\nProperties=species:S:1:pos:R:3 Time=0.25 Step=7 pbc=\"F F F\"\nH 0.1 0.2 0.3\n", text);
        var back = Assert.Single(ReadXyz(text));
        Assert.False(back.Cell.HasLattice);
        Assert.Equal(0.25, back.Time);
        Assert.Equal(7, back.Step);
    }

    [Fact]
    public void WriterFollowsAseConventions()
    {
        var cell = new Cell(new Vec3(10, 0, 0), new Vec3(1, 11, 0), new Vec3(0, 0, 12), periodicA: true, periodicB: true, periodicC: false);
        var frame = new Frame([new Vec3(1, 2, 3)], [Element.Zn], cell)
        {
            Columns = [new AtomColumn<double>("forces", [0.5, -0.5, 1e-20], 3), new AtomColumn<string>("phase", [""])],
        };
        var lines = WriteXyz(frame).Split('\n');
        Assert.Equal("1", lines[0]);
        Assert.Equal("Lattice=\"10 0 0 1 11 0 0 0 12\" Properties=species:S:1:pos:R:3:forces:R:3:phase:S:1 Step=0 pbc=\"T T F\"", lines[1]);
        Assert.Equal("Zn 1 2 3 0.5 -0.5 1E-20 _", lines[2]);
    }
}
