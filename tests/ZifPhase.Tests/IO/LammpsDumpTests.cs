using System.IO.Compression;
using System.Text;
using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.IoTestHelpers;

namespace ZifPhase.Tests.IO;

public class LammpsDumpTests
{
    private static readonly ReadOptions ZifTypes = new() { Types = TypeMap.Parse("1=Zn,2=N,3=C,4=H") };

    private const string OrthoHeader = "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 20\n0 30\n";

    private static string Frame(long step, string atomsHeader, params string[] atoms) =>
        $"ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n{atoms.Length}\n{OrthoHeader}ITEM: ATOMS {atomsHeader}\n" +
        string.Concat(atoms.Select(a => a + "\n"));

    [Fact]
    public void LooksLikeRecognisesDumpText()
    {
        Assert.True(LammpsDump.LooksLike("ITEM: TIMESTEP\n0\n"u8));
        Assert.True(LammpsDump.LooksLike("\n  ITEM: TIME\n"u8));
        Assert.False(LammpsDump.LooksLike("272\nLattice=\"1 0 0 0 1 0 0 0 1\"\n"u8));
        Assert.False(LammpsDump.LooksLike("LAMMPS data file\n"u8));
        Assert.False(LammpsDump.LooksLike(""u8));
    }

    [Fact]
    public void ShuffledIdsAndUnusualColumnOrderWithTypeMap()
    {
        var text = Frame(500, "type z id x y q",
            "3 3.5 4 4.25 4.75 -0.15",
            "1 1.5 2 2.25 2.75 0.7",
            "4 0.5 1 1.25 1.75 0.1",
            "2 2.5 3 3.25 3.75 -0.6");
        var frame = Assert.Single(ReadDump(text, ZifTypes));
        Assert.Equal(500, frame.Step);
        Assert.Equal(["H", "Zn", "N", "C"], frame.Elements.Select(e => e.Symbol));
        Assert.Equal(new Vec3(1.25, 1.75, 0.5), frame.Positions[0]);
        Assert.Equal(new Vec3(2.25, 2.75, 1.5), frame.Positions[1]);
        Assert.Equal(new Vec3(3.25, 3.75, 2.5), frame.Positions[2]);
        Assert.Equal(new Vec3(4.25, 4.75, 3.5), frame.Positions[3]);
        var ids = Assert.IsType<AtomColumn<long>>(frame.Column("id"));
        Assert.Equal([1L, 2, 3, 4], ids.Values);
        var types = Assert.IsType<AtomColumn<long>>(frame.Column("type"));
        Assert.Equal([4L, 1, 2, 3], types.Values);
        var q = Assert.IsType<AtomColumn<double>>(frame.Column("q"));
        Assert.Equal([0.1, 0.7, -0.6, -0.15], q.Values);
        Assert.Equal(["type", "id", "q"], frame.Columns.Select(c => c.Name)); // file order, positions left out
        Assert.Equal("test.dump", frame.Source);
        Assert.Equal(0, frame.Index);
    }

    [Fact]
    public void OrthogonalBoxAndPeriodicFlags()
    {
        var text = "ITEM: TIMESTEP\n7\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp fs mm\n-1 9\n2 22\n-3.5 26.5\n" +
            "ITEM: ATOMS id element x y z\n1 Zn 0 0 0\n";
        var cell = Assert.Single(ReadDump(text)).Cell;
        Assert.Equal(new Vec3(10, 0, 0), cell.A);
        Assert.Equal(new Vec3(0, 20, 0), cell.B);
        Assert.Equal(new Vec3(0, 0, 30), cell.C);
        Assert.Equal(new Vec3(-1, 2, -3.5), cell.Origin);
        Assert.True(cell.PeriodicA);
        Assert.False(cell.PeriodicB);
        Assert.False(cell.PeriodicC);
    }

    // Hand-computed: box xlo=1, xhi=11, ylo=-2, yhi=10, zlo=0.5, zhi=14.5, tilts xy=2, xz=-3, yz=-1.5.
    // min(0, xy, xz, xy+xz) = min(0, 2, -3, -1) = -3, max = 2, min(0, yz) = -1.5, max(0, yz) = 0, so
    // xlo_bound = 1-3 = -2, xhi_bound = 11+2 = 13, ylo_bound = -2-1.5 = -3.5, yhi_bound = 10.
    private const string TriclinicBox = "ITEM: BOX BOUNDS xy xz yz pp pp pp\n-2 13 2\n-3.5 10 -3\n0.5 14.5 -1.5\n";

    [Fact]
    public void TriclinicBoundFormulasOnAHandComputedExample()
    {
        var box = LammpsBox.BoundsToBox(-2, 13, -3.5, 10, 0.5, 14.5, xy: 2, xz: -3, yz: -1.5);
        Assert.Equal((1.0, 11.0, -2.0, 10.0, 0.5, 14.5), box);
        var bounds = LammpsBox.BoxToBounds(new Vec3(1, -2, 0.5), 10, 12, 14, xy: 2, xz: -3, yz: -1.5);
        Assert.Equal((-2.0, 13.0, -3.5, 10.0, 0.5, 14.5), bounds);

        var text = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n" + TriclinicBox + "ITEM: ATOMS id element x y z\n1 Zn 0 0 0\n";
        var cell = Assert.Single(ReadDump(text)).Cell;
        Assert.Equal(new Vec3(10, 0, 0), cell.A);
        Assert.Equal(new Vec3(2, 12, 0), cell.B);
        Assert.Equal(new Vec3(-3, -1.5, 14), cell.C);
        Assert.Equal(new Vec3(1, -2, 0.5), cell.Origin);
    }

    [Fact]
    public void ScaledCoordinatesInATriclinicBoxBecomeCartesian()
    {
        var text = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\n" + TriclinicBox +
            "ITEM: ATOMS id element xs ys zs\n1 Zn 0.5 0.25 0.1\n2 N 0 0 0\n";
        var frame = Assert.Single(ReadDump(text));
        // r = origin + 0.5 a + 0.25 b + 0.1 c = (1 + 5 + 0.5 - 0.3, -2 + 3 - 0.15, 0.5 + 1.4)
        AssertClose(new Vec3(6.2, 0.85, 1.9), frame.Positions[0], 1e-12);
        AssertClose(new Vec3(1, -2, 0.5), frame.Positions[1], 1e-12);
    }

    [Fact]
    public void UnwrappedColumnsAreTakenAsGivenAndPlainXWins()
    {
        var unwrapped = Assert.Single(ReadDump(Frame(0, "id element xu yu zu", "1 Zn -12.5 44 31.25")));
        Assert.Equal(new Vec3(-12.5, 44, 31.25), unwrapped.Positions[0]);
        Assert.DoesNotContain(unwrapped.Columns, c => c.Name is "xu" or "yu" or "zu");

        var both = Assert.Single(ReadDump(Frame(0, "id element xu yu zu x y z", "1 Zn -12.5 44 31.25 7.5 4 1.25")));
        Assert.Equal(new Vec3(7.5, 4, 1.25), both.Positions[0]);
        Assert.Equal(-12.5, Assert.IsType<AtomColumn<double>>(both.Column("xu"))[0]);

        var scaledUnwrapped = Assert.Single(ReadDump(Frame(0, "id element xsu ysu zsu", "1 Zn 1.5 -0.5 0.25")));
        Assert.Equal(new Vec3(15, -10, 7.5), scaledUnwrapped.Positions[0]);
    }

    [Fact]
    public void ColumnKindsAndVectorColumns()
    {
        var frame = Assert.Single(ReadDump(Frame(0, "id mol element x y z ix q c_pe f_1[2] phase mixed",
            "1 7 Zn 0 0 0 -1 0.5 -1.25e-3 3 cag 1.50",
            "2 7 N 1 1 1 2 -0.5 2 4 zni 2",
            "3 8 C 2 2 2 0 0 0 5 cag x")));
        Assert.Equal([7L, 7, 8], Assert.IsType<AtomColumn<long>>(frame.Column("mol")).Values);
        Assert.Equal([-1L, 2, 0], Assert.IsType<AtomColumn<long>>(frame.Column("ix")).Values);
        Assert.Equal([-1.25e-3, 2, 0], Assert.IsType<AtomColumn<double>>(frame.Column("c_pe")).Values);
        Assert.Equal([3.0, 4, 5], Assert.IsType<AtomColumn<double>>(frame.Column("f_1[2]")).Values);
        var phase = Assert.IsType<AtomColumn<string>>(frame.Column("phase"));
        Assert.Equal(["cag", "zni", "cag"], phase.Values);
        Assert.Same(phase.Values[0], phase.Values[2]);
        // Numbers first, text later: the column is text; earlier numbers keep their shortest form.
        Assert.Equal(["1.5", "2", "x"], Assert.IsType<AtomColumn<string>>(frame.Column("mixed")).Values);
        Assert.Equal(["id", "mol", "ix", "q", "c_pe", "f_1[2]", "phase", "mixed"], frame.Columns.Select(c => c.Name));
    }

    [Fact]
    public void NumbersInEveryTextFormAreCorrectlyRounded()
    {
        // Whatever the writer's format, each value must equal double.Parse of its text, bit for bit.
        string[] formats = ["G6", "F6", "F3", "E8", "G15", "G16", "R", "F17", "0.000000000000000000"];
        var rng = new Random(99);
        var texts = new List<string[]>();
        var sb = new StringBuilder();
        int n = 3000;
        for (int i = 0; i < n; i++)
        {
            var row = new string[4];
            for (int k = 0; k < 4; k++)
            {
                double v = (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-7, 6));
                row[k] = v.ToString(formats[rng.Next(formats.Length)], System.Globalization.CultureInfo.InvariantCulture);
            }
            if (i % 97 == 0) row[0] = "+" + row[0].TrimStart('-');
            if (i % 89 == 0) row[1] = "00" + row[1].TrimStart('-');
            texts.Add(row);
            sb.Append($"{i + 1} Zn {row[0]} {row[1]} {row[2]} {row[3]}\n");
        }
        var text = $"ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n{n}\n{OrthoHeader}ITEM: ATOMS id element x y z q\n{sb}";
        var frame = Assert.Single(ReadDump(text));
        var q = Assert.IsType<AtomColumn<double>>(frame.Column("q"));
        static double P(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < n; i++)
        {
            AssertBitEqual(new Vec3(P(texts[i][0]), P(texts[i][1]), P(texts[i][2])), frame.Positions[i], string.Join(' ', texts[i]));
            AssertBitEqual(P(texts[i][3]), q[i], texts[i][3]);
        }
        // The same through extended XYZ.
        var xyz = $"{n}\nProperties=species:S:1:pos:R:3:q:R:1\n" + string.Concat(texts.Select(r => $"Zn {r[0]} {r[1]} {r[2]} {r[3]}\n"));
        var fromXyz = Assert.Single(ReadXyz(xyz));
        for (int i = 0; i < n; i++) AssertBitEqual(frame.Positions[i], fromXyz.Positions[i], $"xyz atom {i}");
        Assert.Equal(q.Values, Assert.IsType<AtomColumn<double>>(fromXyz.Column("q")).Values);
    }

    [Fact]
    public void AtomCountMayChangeBetweenFrames()
    {
        var text = Frame(0, "id element x y z", "1 Zn 0 0 0", "2 N 1 1 1", "3 C 2 2 2")
            + Frame(10, "id element x y z", "1 Zn 0.5 0 0")
            + Frame(20, "id element x y z", "2 N 1 1 1", "1 H 3 3 3");
        var frames = ReadDump(text);
        Assert.Equal([3, 1, 2], frames.Select(f => f.AtomCount));
        Assert.Equal([0L, 10, 20], frames.Select(f => f.Step));
        Assert.Equal([0, 1, 2], frames.Select(f => f.Index));
        Assert.Equal(["H", "N"], frames[2].Elements.Select(e => e.Symbol));
        Assert.Equal(new Vec3(0.5, 0, 0), frames[1].Positions[0]);
    }

    private static string SixFrames() =>
        string.Concat(Enumerable.Range(0, 6).Select(i => Frame(100L * i, "id type x y z", "1 1 0 0 " + i, "2 2 1 1 1")));

    [Fact]
    public void FrameRangeSelectsFramesWithTheirSteps()
    {
        var frames = ReadDump(SixFrames(), ZifTypes with { Frames = FrameRange.Parse("1:5:2") });
        Assert.Equal([1, 3], frames.Select(f => f.Index));
        Assert.Equal([100L, 300], frames.Select(f => f.Step));
        Assert.Equal([1.0, 3.0], frames.Select(f => f.Positions[0].Z));
        Assert.Equal(Element.Zn, frames[0].Elements[0]);
    }

    [Fact]
    public void ReadingStopsPastTheEndOfTheRange()
    {
        // Frame 2 is garbage; a range that ends before it never looks at it.
        var text = SixFrames()[..SixFrames().IndexOf("ITEM: TIMESTEP\n200", StringComparison.Ordinal)] + "garbage\n";
        Assert.Equal(2, ReadDump(text, ZifTypes with { Frames = FrameRange.Parse("0:2") }).Count);
        var e = Assert.Throws<InputException>(() => ReadDump(text, ZifTypes));
        Assert.Equal(2, e.FrameIndex);
    }

    [Fact]
    public void FramesAreReadLazily()
    {
        using var enumerator = LammpsDump.Read(Utf8(SixFrames() + "garbage\n"), "lazy.dump", ZifTypes).GetEnumerator();
        for (int i = 0; i < 6; i++) Assert.True(enumerator.MoveNext());
        Assert.Throws<InputException>(() => enumerator.MoveNext());
    }

    [Fact]
    public void TruncatedLastFrameNamesSourceFrameAndLine()
    {
        var full = Frame(0, "id element x y z", "1 Zn 0 0 0", "2 N 1 1 1", "3 C 2 2 2");
        // 9 header lines + 3 atoms per frame; the second frame stops after its first atom (line 22).
        var text = full + full[..full.IndexOf("2 N", StringComparison.Ordinal)];
        var e = Assert.Throws<TruncatedFrameException>(() => ReadDump(text, source: "md/run1.dump"));
        Assert.Equal("md/run1.dump", e.File);
        Assert.Equal(1, e.FrameIndex);
        Assert.Equal(22, e.Line);
        Assert.Contains("md/run1.dump", e.Message);
        Assert.Contains("frame 1", e.Message);
        Assert.Contains("line 22", e.Message);
        Assert.Contains("expected 3 atom lines, found 1", e.Message);

        // Also when the cut frame is only being skipped.
        var skipped = Assert.Throws<TruncatedFrameException>(() => ReadDump(text, new ReadOptions { Frames = FrameRange.Parse("0:") with { Step = 5 } }));
        Assert.Contains("expected 3 atom lines, found 1", skipped.Message);
        // And when the file ends inside the header.
        var header = Assert.Throws<InputException>(() => ReadDump(full + "ITEM: TIMESTEP\n10\nITEM: NUMBER OF ATOMS\n"));
        Assert.Equal(1, header.FrameIndex);
    }

    [Fact]
    public void TypesWithoutAMapGiveAClearError()
    {
        var text = Frame(0, "id type x y z", "1 1 0 0 0", "2 3 1 1 1");
        var e = Assert.Throws<InputException>(() => ReadDump(text));
        Assert.Contains("--types 1=Zn,2=N", e.Message);
        Assert.Contains("type 1", e.Message);

        var unmapped = Assert.Throws<InputException>(() => ReadDump(text, new ReadOptions { Types = TypeMap.Parse("1=Zn,2=N") }));
        Assert.Contains("atom type 3", unmapped.Message);
        Assert.Contains("--types", unmapped.Message);
    }

    [Theory]
    [InlineData("id element x y z", "1 Zn 1.2.3 0 0", 10, "'1.2.3' in column x is not a number")]
    [InlineData("id element x y z", "1 Zn 0 0", 10, "atom line has 4 values but ITEM: ATOMS names 5 columns")]
    [InlineData("id element x y z", "1 Zn 0 0 0 9", 10, "atom line has 6 values but ITEM: ATOMS names 5 columns")]
    [InlineData("id element x y z", "1.5 Zn 0 0 0", 10, "'1.5' in column id is not an integer")]
    [InlineData("id element x y z", "1 Qq 0 0 0", 10, "'Qq' in column element is not an element symbol")]
    [InlineData("id element x y", "1 Zn 0 0", 9, "no complete set of positions")]
    [InlineData("id x y z", "1 0 0 0", 9, "neither an 'element' nor a 'type' column")]
    [InlineData("id element x id z", "1 Zn 0 0 0", 9, "names column 'id' twice")]
    public void MalformedAtomsAreReportedWithTheLine(string header, string atom, int line, string reason)
    {
        var e = Assert.Throws<InputException>(() => ReadDump(Frame(0, header, atom)));
        Assert.Contains(reason, e.Message);
        Assert.Equal("test.dump", e.File);
        Assert.Equal(0, e.FrameIndex);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void DuplicateIdsAreAnError()
    {
        var e = Assert.Throws<InputException>(() => ReadDump(Frame(0, "id element x y z", "2 Zn 0 0 0", "1 N 0 0 0", "2 C 0 0 0")));
        Assert.Contains("atom id 2 appears more than once", e.Message);
    }

    [Fact]
    public void TimeUnitsAndGeneralTriclinicBox()
    {
        var text = "ITEM: UNITS\nreal\nITEM: TIME\n2500\nITEM: TIMESTEP\n5000\nITEM: NUMBER OF ATOMS\n1\n" +
            "ITEM: BOX BOUNDS abc origin pp pp ff\n10 0 1 -1\n2 11 0 0.5\n0 -1 12 2\nITEM: ATOMS id element xs ys zs\n1 Zn 0.5 0.5 0.5\n";
        var frame = Assert.Single(ReadDump(text));
        Assert.Equal(5000, frame.Step);
        Assert.Equal(2.5, frame.Time); // 2500 fs in real units
        var cell = frame.Cell;
        Assert.Equal(new Vec3(10, 0, 1), cell.A);
        Assert.Equal(new Vec3(2, 11, 0), cell.B);
        Assert.Equal(new Vec3(0, -1, 12), cell.C);
        Assert.Equal(new Vec3(-1, 0.5, 2), cell.Origin);
        Assert.True(cell.PeriodicA && cell.PeriodicB && !cell.PeriodicC);
        AssertClose(new Vec3(-1 + 6, 0.5 + 5, 2 + 6.5), frame.Positions[0], 1e-12);

        var metal = Assert.Single(ReadDump("ITEM: TIMESTEP\n1\nITEM: TIME\n0.125\nITEM: NUMBER OF ATOMS\n0\n" + OrthoHeader + "ITEM: ATOMS id element x y z\n"));
        Assert.Equal(0.125, metal.Time);
        Assert.Equal(0, metal.AtomCount);
    }

    [Theory]
    [InlineData(2.0, -3.0, -1.5)]
    [InlineData(-4.75, 1.25, 3.5)]
    [InlineData(-0.3, -2.2, -6.1)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(1e-4, 0.0, -7.123456789)]
    public void TriclinicBoxWrittenWithKnownTiltsReadsBack(double xy, double xz, double yz)
    {
        var cell = new Cell(new Vec3(10.5, 0, 0), new Vec3(xy, 12.25, 0), new Vec3(xz, yz, 14.125), new Vec3(-1.3, 2.7, 0.35));
        var rng = new Random(3);
        var positions = Enumerable.Range(0, 10).Select(_ => cell.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()))).ToArray();
        var frame = new Frame(positions, Enumerable.Repeat(Element.Zn, 10).ToArray(), cell) { Step = 42 };
        var text = WriteDump(frame);
        Assert.Contains(xy == 0 && xz == 0 && yz == 0 ? "ITEM: BOX BOUNDS pp pp pp\n" : "ITEM: BOX BOUNDS xy xz yz pp pp pp\n", text);
        var back = Assert.Single(ReadDump(text));
        AssertClose(cell.A, back.Cell.A, 1e-12, "a");
        AssertClose(cell.B, back.Cell.B, 1e-12, "b");
        AssertClose(cell.C, back.Cell.C, 1e-12, "c");
        AssertClose(cell.Origin, back.Cell.Origin, 1e-12, "origin");
        for (int i = 0; i < 10; i++) AssertBitEqual(positions[i], back.Positions[i], $"position {i}");
    }

    [Fact]
    public void WriterRotatesALatticeThatIsNotInLammpsOrientation()
    {
        // A ZIF-like cell turned by an arbitrary rotation, and a left-handed one (c flipped).
        var upright = new Cell(new Vec3(15.4, 0, 0), new Vec3(-0.8, 15.2, 0), new Vec3(0.6, -0.4, 18.4), new Vec3(0.5, -1, 2));
        var (ax, ay, az) = (0.3, -1.1, 0.7);
        Vec3 Rot(Vec3 v)
        {
            var (cx, sx, cy, sy, cz, sz) = (Math.Cos(ax), Math.Sin(ax), Math.Cos(ay), Math.Sin(ay), Math.Cos(az), Math.Sin(az));
            v = new Vec3(v.X, cx * v.Y - sx * v.Z, sx * v.Y + cx * v.Z);
            v = new Vec3(cy * v.X + sy * v.Z, v.Y, -sy * v.X + cy * v.Z);
            return new Vec3(cz * v.X - sz * v.Y, sz * v.X + cz * v.Y, v.Z);
        }
        var turned = new Cell(Rot(upright.A), Rot(upright.B), Rot(upright.C), Rot(upright.Origin));
        var leftHanded = new Cell(turned.A, turned.B, -turned.C, turned.Origin, true, true, false);
        foreach (var cell in new[] { turned, leftHanded })
        {
            var rng = new Random(11);
            int n = 30;
            var positions = Enumerable.Range(0, n).Select(_ => cell.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()))).ToArray();
            var forces = new double[3 * n];
            for (int i = 0; i < forces.Length; i++) forces[i] = rng.NextDouble() - 0.5;
            var frame = new Frame(positions, Enumerable.Repeat(Element.C, n).ToArray(), cell)
            {
                Columns = [new AtomColumn<double>("forces", forces, 3)],
            };
            var back = Assert.Single(ReadDump(WriteDump(frame)));
            var b = back.Cell;
            Assert.True(b.A.Y == 0 && b.A.Z == 0 && b.B.Z == 0 && b.A.X > 0 && b.B.Y > 0 && b.C.Z > 0, b.ToString());
            Assert.Equal(cell.Volume, b.Volume, 1e-9);
            Assert.Equal(cell.LengthA, b.LengthA, 1e-12);
            Assert.Equal(cell.LengthB, b.LengthB, 1e-12);
            Assert.Equal(cell.Gamma, b.Gamma, 1e-10);
            Assert.Equal(cell.PeriodicC, b.PeriodicC);
            // A rigid motion: every distance, every force magnitude and every force-position angle survive.
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    Assert.Equal((positions[i] - positions[j]).Length, (back.Positions[i] - back.Positions[j]).Length, 1e-10);
                    Assert.Equal(cell.MinimumImageDistance(positions[i], positions[j]), b.MinimumImageDistance(back.Positions[i], back.Positions[j]), 1e-10);
                }
                var f0 = new Vec3(forces[3 * i], forces[3 * i + 1], forces[3 * i + 2]);
                var f1 = new Vec3(((AtomColumn<double>)back.Column("forces[1]")!)[i], ((AtomColumn<double>)back.Column("forces[2]")!)[i], ((AtomColumn<double>)back.Column("forces[3]")!)[i]);
                Assert.Equal(f0.Length, f1.Length, 1e-12);
                Assert.Equal(Vec3.Dot(f0, positions[i] - positions[0]), Vec3.Dot(f1, back.Positions[i] - back.Positions[0]), 1e-9);
                // Fractional coordinates are the same up to the c flip (s_c → 1 - s_c).
                var s0 = cell.ToFractional(positions[i]);
                var s1 = b.ToFractional(back.Positions[i]);
                Assert.Equal(s0.X, s1.X, 1e-10);
                Assert.Equal(s0.Y, s1.Y, 1e-10);
                Assert.Equal(cell == leftHanded ? 1 - s0.Z : s0.Z, s1.Z, 1e-10);
            }
        }
    }

    [Fact]
    public void FrameWithoutLatticeGetsItsBoundingBoxWithFixedBoundaries()
    {
        var positions = new[] { new Vec3(1, -2, 3), new Vec3(-4, 5, 0.5), new Vec3(2, 0, -6) };
        var frame = new Frame(positions, [Element.FromSymbol("O"), Element.H, Element.H], Cell.None);
        var text = WriteDump(frame);
        Assert.Contains("ITEM: BOX BOUNDS ff ff ff\n-4 2\n-2 5\n-6 3\n", text);
        Assert.Contains("ITEM: ATOMS id element x y z\n1 O 1 -2 3\n", text);
        var back = Assert.Single(ReadDump(text));
        Assert.False(back.Cell.AnyPeriodic);
        Assert.Equal(positions, back.Positions);
        Assert.Equal(new Vec3(-4, -2, -6), back.Cell.Origin);
    }

    [Fact]
    public void GzipStreamIsReadWithoutSeeking()
    {
        var text = SixFrames();
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(text));
        packed.Position = 0;
        using var unpacked = new GZipStream(packed, CompressionMode.Decompress);
        var frames = LammpsDump.Read(unpacked, "six.dump.gz", ZifTypes with { Frames = FrameRange.Parse("2:") }).ToList();
        Assert.Equal([200L, 300, 400, 500], frames.Select(f => f.Step));
    }

    [Fact]
    public void ZifFourWrittenAsDumpKeepsEveryZincFourCoordinatedByNitrogen()
    {
        using var file = File.OpenRead(TestPaths.Data("structures", "amof", "ZIF-4.xyz"));
        var crystal = ExtendedXyz.Read(file, "ZIF-4.xyz", ReadOptions.Default).First();
        var frame = Assert.Single(ReadDump(WriteDump(crystal)));
        Assert.Equal(272, frame.AtomCount);
        Assert.True(frame.Cell.FullyPeriodic);
        var zn = frame.IndicesOf(Element.Zn);
        var n = frame.IndicesOf(Element.N);
        Assert.Equal(16, zn.Length);
        foreach (int i in zn)
        {
            int count = n.Count(j => frame.Cell.MinimumImageDistance(frame.Positions[i], frame.Positions[j]) < 2.5);
            Assert.Equal(4, count);
        }
    }
}
