using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.IoTestHelpers;

namespace ZifPhase.Tests.IO;

public class RoundTripTests
{
    /// <summary>A triclinic frame with random positions and per-atom columns of mixed kinds.</summary>
    private static Frame RandomFrame(int seed, int n = 200)
    {
        var rng = new Random(seed);
        double R(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var cell = new Cell(new Vec3(R(14, 16), 0, 0), new Vec3(R(-3, 3), R(14, 16), 0), new Vec3(R(-3, 3), R(-3, 3), R(17, 19)),
            new Vec3(R(-2, 2), R(-2, 2), R(-2, 2)), true, true, seed % 2 == 0);
        Element[] kinds = [Element.Zn, Element.N, Element.C, Element.H];
        var positions = new Vec3[n];
        var elements = new Element[n];
        var ids = new long[n];
        var types = new long[n];
        var charges = new double[n];
        var forces = new double[3 * n];
        var phase = new string[n];
        for (int i = 0; i < n; i++)
        {
            // Slightly outside the cell too, as unwrapped MD coordinates are.
            positions[i] = cell.ToCartesian(new Vec3(R(-0.1, 1.1), R(-0.1, 1.1), R(-0.1, 1.1)));
            types[i] = rng.Next(4) + 1;
            elements[i] = kinds[types[i] - 1];
            ids[i] = 10 * i + rng.Next(10) + 1; // ascending, with gaps
            charges[i] = R(-1, 1) * Math.Pow(10, rng.Next(-3, 3));
            phase[i] = rng.Next(3) switch { 0 => "cag", 1 => "zni", _ => "glass" };
        }
        for (int k = 0; k < forces.Length; k++) forces[k] = R(-5, 5);
        return new Frame(positions, elements, cell)
        {
            Step = 123_456_789,
            Time = R(0, 1000),
            Columns =
            [
                new AtomColumn<long>("id", ids), new AtomColumn<long>("type", types), new AtomColumn<double>("q", charges),
                new AtomColumn<double>("f", forces, 3), new AtomColumn<string>("phase", phase),
            ],
        };
    }

    private static void AssertSameFrame(Frame expected, Frame actual, bool exactCell = true)
    {
        Assert.Equal(expected.AtomCount, actual.AtomCount);
        Assert.Equal(expected.Step, actual.Step);
        Assert.NotNull(actual.Time);
        AssertBitEqual(expected.Time!.Value, actual.Time!.Value, "time");
        if (exactCell)
        {
            AssertBitEqual(expected.Cell.A, actual.Cell.A, "a");
            AssertBitEqual(expected.Cell.B, actual.Cell.B, "b");
            AssertBitEqual(expected.Cell.C, actual.Cell.C, "c");
            AssertBitEqual(expected.Cell.Origin, actual.Cell.Origin, "origin");
        }
        else
        {
            AssertClose(expected.Cell.A, actual.Cell.A, 1e-13, "a");
            AssertClose(expected.Cell.B, actual.Cell.B, 1e-13, "b");
            AssertClose(expected.Cell.C, actual.Cell.C, 1e-13, "c");
            AssertClose(expected.Cell.Origin, actual.Cell.Origin, 1e-13, "origin");
        }
        Assert.Equal(
            (expected.Cell.PeriodicA, expected.Cell.PeriodicB, expected.Cell.PeriodicC),
            (actual.Cell.PeriodicA, actual.Cell.PeriodicB, actual.Cell.PeriodicC));
        Assert.Equal(expected.Elements, actual.Elements);
        for (int i = 0; i < expected.AtomCount; i++) AssertBitEqual(expected.Positions[i], actual.Positions[i], $"atom {i}");
    }

    private static void AssertSameColumns(Frame expected, Frame actual)
    {
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Kind, c.Components)), actual.Columns.Select(c => (c.Name, c.Kind, c.Components)));
        foreach (var col in expected.Columns)
        {
            var other = actual.Column(col.Name)!;
            switch (col)
            {
                case AtomColumn<double> d:
                    var od = (AtomColumn<double>)other;
                    for (int k = 0; k < d.Values.Length; k++) AssertBitEqual(d.Values[k], od.Values[k], $"{col.Name}[{k}]");
                    break;
                case AtomColumn<long> l: Assert.Equal(l.Values, ((AtomColumn<long>)other).Values); break;
                case AtomColumn<string> s: Assert.Equal(s.Values, ((AtomColumn<string>)other).Values); break;
                default: throw new InvalidOperationException(col.Name);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void DumpToExtendedXyzAndBackIsBitExact(int seed)
    {
        var original = RandomFrame(seed);
        string dumpText = WriteDump(original);
        Assert.Contains("ITEM: BOX BOUNDS xy xz yz pp pp", dumpText);
        Assert.Contains("ITEM: ATOMS id element x y z type q f[1] f[2] f[3] phase\n", dumpText);

        // An arbitrary lattice goes through the dump's bounds (edge lengths are differences of two written
        // numbers): within an ulp or two. Positions, tilts and everything else are exact.
        var fromDump = Assert.Single(ReadDump(dumpText));
        AssertSameFrame(original, fromDump, exactCell: false);
        AssertBitEqual(original.Cell.B.X, fromDump.Cell.B.X, "xy");
        AssertBitEqual(original.Cell.C.X, fromDump.Cell.C.X, "xz");
        AssertBitEqual(original.Cell.C.Y, fromDump.Cell.C.Y, "yz");
        // Dump columns are scalar: the force vector comes back as f[1], f[2], f[3].
        var f = (AtomColumn<double>)original.Column("f")!;
        for (int k = 0; k < 3; k++)
        {
            var fk = Assert.IsType<AtomColumn<double>>(fromDump.Column($"f[{k + 1}]"));
            for (int i = 0; i < original.AtomCount; i++) AssertBitEqual(f[i, k], fk[i], $"f[{k + 1}] of atom {i}");
        }
        Assert.Equal(((AtomColumn<long>)original.Column("id")!).Values, ((AtomColumn<long>)fromDump.Column("id")!).Values);
        Assert.Equal(((AtomColumn<string>)original.Column("phase")!).Values, ((AtomColumn<string>)fromDump.Column("phase")!).Values);

        var fromXyz = Assert.Single(ReadXyz(WriteXyz(fromDump)));
        AssertSameFrame(fromDump, fromXyz);
        AssertSameColumns(fromDump, fromXyz);

        var again = Assert.Single(ReadDump(WriteDump(fromXyz)));
        AssertSameFrame(fromDump, again);
        AssertSameColumns(fromDump, again);
    }
}
