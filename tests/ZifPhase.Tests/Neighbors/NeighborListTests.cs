using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Neighbors;

public class NeighborListTests
{
    private static readonly Element[] Species = [Element.Zn, Element.N, Element.C, Element.H];

    // ---------------------------------------------------------------- brute force reference

    private readonly record struct Pair(int J, ImageShift Shift, Vec3 Vector, double Distance);

    /// <summary>
    /// Every atom j (of the allowed elements) and every image along periodic axes in a window of
    /// ±(ceil(cutoff/width)+1) around the nearest image, kept when 0 &lt; |r_j + T − r_i| ≤ cutoff.
    /// </summary>
    private static List<Pair> BruteForce(Frame frame, int i, double cutoff, IReadOnlyCollection<Element>? elements)
    {
        var cell = frame.Cell;
        var result = new List<Pair>();
        var w = cell.HasLattice ? cell.PerpendicularWidths : new Vec3(1, 1, 1);
        Span<int> range = stackalloc int[3];
        for (int ax = 0; ax < 3; ax++)
            range[ax] = cell.IsPeriodic(ax) ? (int)Math.Ceiling(cutoff / w[ax]) + 1 : 0;
        var ri = frame.Positions[i];
        for (int j = 0; j < frame.AtomCount; j++)
        {
            if (elements is not null && !elements.Contains(frame.Elements[j])) continue;
            var rj = frame.Positions[j];
            var ds = cell.HasLattice ? cell.DisplacementToFractional(rj - ri) : Vec3.Zero;
            int ca = cell.PeriodicA ? -(int)Math.Round(ds.X) : 0;
            int cb = cell.PeriodicB ? -(int)Math.Round(ds.Y) : 0;
            int cc = cell.PeriodicC ? -(int)Math.Round(ds.Z) : 0;
            for (int a = ca - range[0]; a <= ca + range[0]; a++)
            for (int b = cb - range[1]; b <= cb + range[1]; b++)
            for (int c = cc - range[2]; c <= cc + range[2]; c++)
            {
                var t = cell.HasLattice ? cell.Translation(a, b, c) : Vec3.Zero;
                var v = rj + t - ri;
                double d = v.Length;
                if (d > 0 && d <= cutoff) result.Add(new Pair(j, new ImageShift(a, b, c), v, d));
            }
        }
        result.Sort(ComparePairs);
        return result;
    }

    private static int ComparePairs(Pair x, Pair y)
    {
        int c = x.J.CompareTo(y.J);
        if (c != 0) return c;
        c = x.Shift.A.CompareTo(y.Shift.A);
        if (c != 0) return c;
        c = x.Shift.B.CompareTo(y.Shift.B);
        return c != 0 ? c : x.Shift.C.CompareTo(y.Shift.C);
    }

    private static List<Pair> Row(NeighborList list, int row)
    {
        var result = new List<Pair>();
        var js = list.NeighborsOf(row);
        var vs = list.VectorsOf(row);
        var ds = list.DistancesOf(row);
        var ss = list.ShiftsOf(row);
        for (int k = 0; k < js.Length; k++) result.Add(new Pair(js[k], ss[k], vs[k], ds[k]));
        return result;
    }

    /// <summary>Compares a list with brute force; returns the number of pairs checked.</summary>
    private static int AssertMatchesBruteForce(Frame frame, NeighborList list, IReadOnlyCollection<Element>? elements, string context)
    {
        int pairs = 0;
        Assert.Equal(list.Centres.Length + 1, list.Offsets.Length);
        Assert.Equal(0, list.Offsets[0]);
        Assert.Equal(list.PairCount, list.Offsets[^1]);
        for (int row = 0; row < list.Centres.Length; row++)
        {
            var expected = BruteForce(frame, list.Centres[row], list.Cutoff, elements);
            var actual = Row(list, row);
            if (expected.Count != actual.Count)
                Assert.Fail($"{context}: centre row {row} (atom {list.Centres[row]}) has {actual.Count} neighbours, brute force {expected.Count}");
            for (int k = 0; k < expected.Count; k++)
            {
                var e = expected[k];
                var a = actual[k];
                if (e.J != a.J || e.Shift != a.Shift)
                    Assert.Fail($"{context}: row {row} entry {k}: got ({a.J}, {a.Shift}), expected ({e.J}, {e.Shift})");
                Assert.Equal(e.Distance, a.Distance, 1e-12);
                Assert.True((e.Vector - a.Vector).Length < 1e-12, $"{context}: vector {a.Vector} vs {e.Vector}");
                Assert.Equal(a.Vector.Length, a.Distance); // distances are exactly |vector|
                Assert.InRange(a.Distance, double.Epsilon, list.Cutoff);
            }
            pairs += expected.Count;
        }
        return pairs;
    }

    // ---------------------------------------------------------------- random systems

    private static Vec3 RandomUnit(Random rng)
    {
        while (true)
        {
            var v = new Vec3(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
            double l = v.Length;
            if (l > 0.1 && l <= 1) return v / l;
        }
    }

    /// <summary>Rotation of v about unit axis u by angle θ (Rodrigues).</summary>
    private static Vec3 Rotate(Vec3 v, Vec3 u, double theta) =>
        v * Math.Cos(theta) + Vec3.Cross(u, v) * Math.Sin(theta) + u * (Vec3.Dot(u, v) * (1 - Math.Cos(theta)));

    /// <summary>A random triclinic lattice: from lengths 5–20 Å and angles 50–130°, randomly rotated, or LAMMPS-style
    /// with tilt factors up to ±1.2 of the box length (far beyond the usual 0.5); one in four is left-handed.</summary>
    private static Cell RandomCell(Random rng, bool periodicA = true, bool periodicB = true, bool periodicC = true)
    {
        var cell = RightOrLeftHandedCell(rng, periodicA, periodicB, periodicC);
        return rng.Next(4) == 0 ? new Cell(-cell.A, cell.B, cell.C, cell.Origin, periodicA, periodicB, periodicC) : cell;
    }

    private static Cell RightOrLeftHandedCell(Random rng, bool periodicA, bool periodicB, bool periodicC)
    {
        var origin = new Vec3(rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5);
        if (rng.Next(2) == 0)
        {
            while (true)
            {
                try
                {
                    var p = Cell.FromParameters(5 + 15 * rng.NextDouble(), 5 + 15 * rng.NextDouble(), 5 + 15 * rng.NextDouble(),
                        50 + 80 * rng.NextDouble(), 50 + 80 * rng.NextDouble(), 50 + 80 * rng.NextDouble());
                    var axis = RandomUnit(rng);
                    double theta = rng.NextDouble() * Math.PI;
                    return new Cell(Rotate(p.A, axis, theta), Rotate(p.B, axis, theta), Rotate(p.C, axis, theta), origin,
                        periodicA, periodicB, periodicC);
                }
                catch (ArgumentException)
                {
                    // angles that describe no cell: draw again
                }
            }
        }
        double lx = 5 + 15 * rng.NextDouble(), ly = 5 + 15 * rng.NextDouble(), lz = 5 + 15 * rng.NextDouble();
        double xy = (rng.NextDouble() * 2.4 - 1.2) * lx, xz = (rng.NextDouble() * 2.4 - 1.2) * lx, yz = (rng.NextDouble() * 2.4 - 1.2) * ly;
        return new Cell(new Vec3(lx, 0, 0), new Vec3(xy, ly, 0), new Vec3(xz, yz, lz), origin, periodicA, periodicB, periodicC);
    }

    /// <summary>Random atoms, mostly near the cell, some several cells away; without a lattice inside ±15 Å plus a few far ones.</summary>
    private static Frame RandomFrame(Random rng, Cell cell, int atoms)
    {
        var pos = new Vec3[atoms];
        var el = new Element[atoms];
        for (int a = 0; a < atoms; a++)
        {
            bool far = rng.NextDouble() < 0.2;
            if (cell.HasLattice)
            {
                double lo = far ? -3 : -0.1, span = far ? 7 : 1.2;
                var s = new Vec3(lo + span * rng.NextDouble(), lo + span * rng.NextDouble(), lo + span * rng.NextDouble());
                pos[a] = cell.ToCartesian(s);
            }
            else
            {
                double half = far && rng.NextDouble() < 0.3 ? 60 : 15;
                pos[a] = new Vec3((rng.NextDouble() * 2 - 1) * half, (rng.NextDouble() * 2 - 1) * half, (rng.NextDouble() * 2 - 1) * half);
            }
            el[a] = Species[rng.Next(Species.Length)];
        }
        return new Frame(pos, el, cell);
    }

    private static double MinWidth(Cell cell)
    {
        var w = cell.PerpendicularWidths;
        return Math.Min(w.X, Math.Min(w.Y, w.Z));
    }

    private static Element[]? RandomFilter(Random rng) => rng.Next(3) switch
    {
        0 => null,
        1 => [Element.Zn],
        _ => Species.Where(_ => rng.Next(2) == 0).ToArray(),
    };

    private static int[] RandomCentres(Random rng, int atoms)
    {
        int count = 1 + rng.Next(Math.Min(atoms, 25));
        var centres = new int[count];
        for (int k = 0; k < count; k++) centres[k] = rng.Next(atoms);
        return centres;
    }

    private static NeighborList BuildEitherWay(Random rng, Frame frame, int[] centres, double cutoff, Element[]? filter)
    {
        // The public entry point, or the internal one with another bin size and thread count.
        if (rng.Next(2) == 0) return NeighborList.Build(frame, centres, cutoff, filter);
        return CellListSearch.Build(frame, centres, cutoff, filter, 1 + rng.Next(2), 1 + rng.Next(6));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void MatchesBruteForceOnRandomPeriodicTriclinicCells(int seed)
    {
        var rng = new Random(1000 + seed);
        int totalPairs = 0;
        for (int system = 0; system < 12; system++)
        {
            var cell = RandomCell(rng);
            var frame = RandomFrame(rng, cell, 1 + rng.Next(50));
            double cutoff = (0.3 + 2.7 * rng.NextDouble()) * MinWidth(cell);
            var filter = RandomFilter(rng);
            var centres = RandomCentres(rng, frame.AtomCount);
            var list = BuildEitherWay(rng, frame, centres, cutoff, filter);
            totalPairs += AssertMatchesBruteForce(frame, list, filter, $"seed {seed} system {system} {cell} cutoff {cutoff}");
        }
        Assert.True(totalPairs > 100, $"only {totalPairs} pairs checked");
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(false, false, false)]
    public void MatchesBruteForceOnPartlyPeriodicCells(bool pa, bool pb, bool pc)
    {
        var rng = new Random(2000 + (pa ? 1 : 0) + (pb ? 2 : 0) + (pc ? 4 : 0));
        int totalPairs = 0;
        for (int system = 0; system < 15; system++)
        {
            var cell = RandomCell(rng, pa, pb, pc);
            var frame = RandomFrame(rng, cell, 1 + rng.Next(50));
            double cutoff = (0.3 + 2.7 * rng.NextDouble()) * MinWidth(cell);
            var filter = RandomFilter(rng);
            var centres = RandomCentres(rng, frame.AtomCount);
            var list = BuildEitherWay(rng, frame, centres, cutoff, filter);
            totalPairs += AssertMatchesBruteForce(frame, list, filter, $"system {system} {cell} cutoff {cutoff}");
            foreach (var s in list.Shifts)
            {
                if (!pa) Assert.Equal(0, s.A);
                if (!pb) Assert.Equal(0, s.B);
                if (!pc) Assert.Equal(0, s.C);
            }
        }
        Assert.True(totalPairs > 50, $"only {totalPairs} pairs checked");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesBruteForceWithoutCell(int seed)
    {
        var rng = new Random(3000 + seed);
        int totalPairs = 0;
        for (int system = 0; system < 15; system++)
        {
            var frame = RandomFrame(rng, Cell.None, 1 + rng.Next(120));
            double cutoff = 1 + 14 * rng.NextDouble();
            var filter = RandomFilter(rng);
            var centres = RandomCentres(rng, frame.AtomCount);
            var list = BuildEitherWay(rng, frame, centres, cutoff, filter);
            totalPairs += AssertMatchesBruteForce(frame, list, filter, $"seed {seed} system {system} cutoff {cutoff}");
            Assert.All(list.Shifts, s => Assert.True(s.IsZero));
        }
        Assert.True(totalPairs > 100, $"only {totalPairs} pairs checked");
    }

    [Theory]
    [InlineData(45.0, 60.0, 75.0)]
    [InlineData(60.0, 60.0, 60.0)]
    [InlineData(75.0, 50.0, 110.0)]
    [InlineData(130.0, 110.0, 60.0)]
    public void MatchesBruteForceOnStronglyTiltedCells(double alpha, double beta, double gamma)
    {
        var rng = new Random((int)(alpha * 7 + beta * 11 + gamma * 13));
        foreach (double cutoffInWidths in new[] { 0.3, 0.49, 0.51, 1.0, 1.7, 3.0 })
        {
            var cell = Cell.FromParameters(7.0, 9.5, 12.0, alpha, beta, gamma, new Vec3(1.5, -2, 0.25));
            var frame = RandomFrame(rng, cell, 40);
            double cutoff = cutoffInWidths * MinWidth(cell);
            var centres = Enumerable.Range(0, frame.AtomCount).ToArray();
            AssertMatchesBruteForce(frame, NeighborList.Build(frame, centres, cutoff), null, $"{cell} cutoff {cutoff}");
        }
        // LAMMPS tilt factors at and far beyond the ±0.5 convention.
        foreach (double tilt in new[] { 0.5, -0.5, 0.9, 1.5 })
        {
            var cell = new Cell(new Vec3(8, 0, 0), new Vec3(tilt * 8, 9, 0), new Vec3(-tilt * 8, tilt * 9, 10));
            var frame = RandomFrame(rng, cell, 40);
            double cutoff = 1.3 * MinWidth(cell);
            var centres = Enumerable.Range(0, frame.AtomCount).ToArray();
            AssertMatchesBruteForce(frame, NeighborList.Build(frame, centres, cutoff, [Element.Zn, Element.N]), [Element.Zn, Element.N], $"tilt {tilt}");
        }
    }

    [Fact]
    public void MatchesBruteForceOnAManyBinSupercell()
    {
        // 3×3×3 replica of a random 40-atom triclinic cell (1080 atoms): many bins per axis, rows that wrap.
        var rng = new Random(77);
        var unit = RandomFrame(rng, Cell.FromParameters(9.1, 10.3, 8.7, 82, 97, 104), 40);
        var frame = unit.Replicate(3, 3, 3);
        var centres = Enumerable.Range(0, 36).Select(k => k * 29 + 3).ToArray();
        foreach (double cutoff in new[] { 2.5, 6.0, 11.0 })
        {
            int pairs = AssertMatchesBruteForce(frame, NeighborList.Build(frame, centres, cutoff), null, $"cutoff {cutoff}");
            Assert.True(pairs > centres.Length, $"only {pairs} pairs at cutoff {cutoff}");
        }
    }

    // ---------------------------------------------------------------- images of a single atom

    [Fact]
    public void SingleAtomSeesItsOwnImagesInATriclinicCellSmallerThanTheCutoff()
    {
        var cell = Cell.FromParameters(9.9, 9.9, 9.9, 75, 82, 105);
        var frame = new Frame([new Vec3(-23.1, 4.2, 57.3)], [Element.Zn], cell);
        var list = NeighborList.Build(frame, [0], 13.0);

        // Hand-rolled count over a generous window of translations.
        int expected = 0;
        for (int a = -4; a <= 4; a++)
        for (int b = -4; b <= 4; b++)
        for (int c = -4; c <= 4; c++)
        {
            double d = cell.Translation(a, b, c).Length;
            if ((a, b, c) != (0, 0, 0) && d <= 13.0) expected++;
        }
        Assert.True(expected > 6, $"the cell should show more than the six face images, got {expected}");
        Assert.Equal(expected, list.PairCount);
        Assert.Equal(expected, list.CountOf(0));
        Assert.Equal(list.Shifts.Length, list.Shifts.Distinct().Count());
        for (int k = 0; k < list.PairCount; k++)
        {
            Assert.Equal(0, list.Neighbors[k]);
            var s = list.Shifts[k];
            Assert.False(s.IsZero);
            var t = cell.Translation(s.A, s.B, s.C);
            Assert.Equal(t.Length, list.Distances[k]);
            Assert.Equal(t, list.Vectors[k]);
            // -shift is an image too
            Assert.Contains(-s, list.Shifts);
        }
    }

    [Theory]
    [InlineData(13.0, 6)]    // |n|² = 1 only: 9.9 ≤ 13 < 9.9·√2 = 14.0007
    [InlineData(14.01, 18)]  // + 12 edge images at 9.9·√2
    [InlineData(17.15, 26)]  // + 8 corner images at 9.9·√3 = 17.147
    [InlineData(19.8, 32)]   // + 6 images at 2·9.9 (inclusive)
    public void SingleAtomInACubicCellSmallerThanTheCutoff(double cutoff, int expected)
    {
        var frame = new Frame([new Vec3(3.3, -1.0, 12.0)], [Element.Zn], Cell.Orthorhombic(9.9, 9.9, 9.9));
        var list = NeighborList.Build(frame, [0], cutoff);
        Assert.Equal(expected, list.PairCount);
    }

    [Theory]
    [InlineData(2.99, 0)]
    [InlineData(3.0, 6)]
    [InlineData(4.3, 18)]
    [InlineData(5.2, 26)]
    public void SimpleCubicLatticeHasKnownCounts(double cutoff, int expected)
    {
        var frame = new Frame([new Vec3(0, 0, 0)], [Element.Zn], Cell.Orthorhombic(3, 3, 3));
        var list = NeighborList.Build(frame, [0], cutoff);
        Assert.Equal(expected, list.PairCount);
        double[] shells = [3.0, 3 * Math.Sqrt(2), 3 * Math.Sqrt(3)];
        foreach (double d in list.Distances) Assert.Contains(shells, x => Math.Abs(x - d) < 1e-12);
        Assert.Equal(Math.Min(expected, 6), list.Distances.Count(d => d == 3.0));
    }

    [Fact]
    public void SimpleCubicSupercellGivesTheSameCountsForEveryAtom()
    {
        var unit = new Frame([new Vec3(0, 0, 0)], [Element.Zn], Cell.Orthorhombic(3, 3, 3));
        var frame = unit.Replicate(4, 5, 6);
        var centres = Enumerable.Range(0, frame.AtomCount).ToArray();
        foreach (var (cutoff, expected) in new[] { (3.0, 6), (4.3, 18), (5.2, 26) })
        {
            var list = NeighborList.Build(frame, centres, cutoff);
            for (int row = 0; row < centres.Length; row++) Assert.Equal(expected, list.CountOf(row));
        }
    }

    // ---------------------------------------------------------------- determinism and invariance

    private static Frame MediumFrame(int seed, out int[] centres)
    {
        var rng = new Random(seed);
        var cell = new Cell(new Vec3(24, 0, 0), new Vec3(7, 22, 0), new Vec3(-5, 6, 21), new Vec3(-2, 3, 1));
        var frame = RandomFrame(rng, cell, 900);
        centres = Enumerable.Range(0, frame.AtomCount).Where(a => frame.Elements[a] == Element.Zn || a % 7 == 0).ToArray();
        return frame;
    }

    private static void AssertRowsStrictlySorted(NeighborList list)
    {
        for (int row = 0; row < list.Centres.Length; row++)
        {
            var entries = Row(list, row);
            for (int k = 1; k < entries.Count; k++)
                Assert.True(ComparePairs(entries[k - 1], entries[k]) < 0, $"row {row} entries {k - 1}, {k} out of order");
        }
    }

    private static void AssertBitwiseEqual(NeighborList x, NeighborList y)
    {
        Assert.Equal(x.Centres, y.Centres);
        Assert.Equal(x.Offsets, y.Offsets);
        Assert.Equal(x.Neighbors, y.Neighbors);
        Assert.Equal(x.Shifts, y.Shifts);
        Assert.Equal(x.Distances.Select(BitConverter.DoubleToInt64Bits), y.Distances.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(x.Vectors.SelectMany(v => new[] { v.X, v.Y, v.Z }).Select(BitConverter.DoubleToInt64Bits),
            y.Vectors.SelectMany(v => new[] { v.X, v.Y, v.Z }).Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ResultIsBitwiseIdenticalForAnyThreadCountAndBinning()
    {
        var frame = MediumFrame(5, out var centres);
        Element[] filter = [Element.Zn, Element.N, Element.H];
        var reference = NeighborList.Build(frame, centres, 9.5, filter, maxDegreeOfParallelism: 1);
        Assert.True(reference.PairCount > 10 * centres.Length);
        AssertRowsStrictlySorted(reference);
        AssertBitwiseEqual(reference, NeighborList.Build(frame, centres, 9.5, filter, maxDegreeOfParallelism: 2));
        AssertBitwiseEqual(reference, NeighborList.Build(frame, centres, 9.5, filter));
        foreach (int bins in new[] { 1, 2, 4, 7 })
            AssertBitwiseEqual(reference, CellListSearch.Build(frame, centres, 9.5, filter, 2, bins));
    }

    [Fact]
    public void PermutingAtomsPermutesTheResult()
    {
        var frame = MediumFrame(6, out var centres);
        var rng = new Random(66);
        int n = frame.AtomCount;
        var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray(); // old atom a → new index perm[a]
        var inverse = new int[n];
        for (int a = 0; a < n; a++) inverse[perm[a]] = a;
        var pos = new Vec3[n];
        var el = new Element[n];
        for (int a = 0; a < n; a++)
        {
            pos[perm[a]] = frame.Positions[a];
            el[perm[a]] = frame.Elements[a];
        }
        var permuted = new Frame(pos, el, frame.Cell);
        var list = NeighborList.Build(frame, centres, 8.0, maxDegreeOfParallelism: 2);
        var listP = NeighborList.Build(permuted, centres.Select(c => perm[c]).ToArray(), 8.0, maxDegreeOfParallelism: 1);
        Assert.Equal(list.Offsets, listP.Offsets);
        for (int row = 0; row < centres.Length; row++)
        {
            var mapped = Row(listP, row).Select(p => p with { J = inverse[p.J] }).ToList();
            mapped.Sort(ComparePairs);
            var original = Row(list, row);
            Assert.Equal(original.Count, mapped.Count);
            for (int k = 0; k < original.Count; k++)
            {
                Assert.Equal(original[k].J, mapped[k].J);
                Assert.Equal(original[k].Shift, mapped[k].Shift);
                // Same positions and image: the very same bits.
                Assert.Equal(original[k].Vector, mapped[k].Vector);
                Assert.Equal(original[k].Distance, mapped[k].Distance);
            }
        }
    }

    [Fact]
    public void TranslatingAllAtomsKeepsTheDistances()
    {
        var frame = MediumFrame(7, out var centres);
        var list = NeighborList.Build(frame, centres, 8.5);
        var rng = new Random(8);
        for (int trial = 0; trial < 3; trial++)
        {
            var t = new Vec3(rng.NextDouble() * 80 - 40, rng.NextDouble() * 80 - 40, rng.NextDouble() * 80 - 40);
            var moved = new Frame(frame.Positions.Select(p => p + t).ToArray(), frame.Elements, frame.Cell);
            var listT = NeighborList.Build(moved, centres, 8.5);
            Assert.Equal(list.Offsets, listT.Offsets);
            for (int row = 0; row < centres.Length; row++)
            {
                var d0 = list.DistancesOf(row).ToArray();
                var d1 = listT.DistancesOf(row).ToArray();
                Array.Sort(d0);
                Array.Sort(d1);
                for (int k = 0; k < d0.Length; k++) Assert.Equal(d0[k], d1[k], 1e-9);
            }
        }
    }

    [Fact]
    public void MovingAtomsByLatticeVectorsOnlyRelabelsImages()
    {
        var frame = MediumFrame(9, out var centres);
        var cell = frame.Cell;
        var rng = new Random(10);
        int n = frame.AtomCount;
        var moves = new ImageShift[n];
        var pos = frame.Positions.ToArray();
        for (int a = 0; a < n; a++)
        {
            if (rng.Next(3) != 0) continue;
            moves[a] = new ImageShift(rng.Next(-2, 3), rng.Next(-2, 3), rng.Next(-2, 3));
            pos[a] += cell.Translation(moves[a].A, moves[a].B, moves[a].C);
        }
        var moved = new Frame(pos, frame.Elements, cell);
        var list = NeighborList.Build(frame, centres, 7.5);
        var listM = NeighborList.Build(moved, centres, 7.5);
        Assert.Equal(list.Offsets, listM.Offsets);
        for (int row = 0; row < centres.Length; row++)
        {
            int i = centres[row];
            // r'_j = r_j + T(m_j): the same image is reached with shift' = shift − m_j + m_i.
            var original = Row(list, row);
            var relabelled = Row(listM, row).Select(p => p with { Shift = p.Shift + moves[p.J] - moves[i] }).ToList();
            relabelled.Sort(ComparePairs);
            for (int k = 0; k < original.Count; k++)
            {
                Assert.Equal(original[k].J, relabelled[k].J);
                Assert.Equal(original[k].Shift, relabelled[k].Shift);
                Assert.Equal(original[k].Distance, relabelled[k].Distance, 1e-9);
            }
        }
    }

    // ---------------------------------------------------------------- edge cases

    [Fact]
    public void CoincidentAtomsAreNotNeighboursButTheirImagesAre()
    {
        var frame = new Frame([new Vec3(1, 1, 1), new Vec3(1, 1, 1), new Vec3(2, 1, 1)], [Element.Zn, Element.Zn, Element.N],
            Cell.Orthorhombic(5, 5, 5));
        var list = NeighborList.Build(frame, [0], 5.0);
        var row = Row(list, 0);
        Assert.DoesNotContain(row, p => p.Distance == 0);
        Assert.Equal(6, row.Count(p => p.J == 0));
        Assert.Equal(6, row.Count(p => p.J == 1));
        Assert.Contains(row, p => p.J == 2 && p.Shift.IsZero && p.Distance == 1.0);
    }

    [Fact]
    public void EmptyInputsGiveEmptyRows()
    {
        var frame = new Frame([new Vec3(0, 0, 0), new Vec3(1, 0, 0)], [Element.Zn, Element.N], Cell.Orthorhombic(10, 10, 10));
        var none = NeighborList.Build(frame, [], 5.0);
        Assert.Equal([0], none.Offsets);
        Assert.Equal(0, none.PairCount);
        var noHydrogen = NeighborList.Build(frame, [0, 1, 0], 5.0, [Element.H]);
        Assert.Equal([0, 0, 0, 0], noHydrogen.Offsets);
        Assert.Equal(0, noHydrogen.PairCount);
        var onlyN = NeighborList.Build(frame, [0, 1, 0], 5.0, [Element.N]);
        Assert.Equal([0, 1, 1, 2], onlyN.Offsets);
        Assert.Equal([1, 1], onlyN.Neighbors);
        Assert.Equal(new Vec3(1, 0, 0), onlyN.VectorsOf(2)[0]);
        Assert.Equal([0, 1, 0], onlyN.Centres);
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        var frame = new Frame([new Vec3(0, 0, 0)], [Element.Zn], Cell.Orthorhombic(10, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [0], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [0], double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [1], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [-1], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighborList.Build(frame, [0], 3, null, 0));
        var bad = new Frame([new Vec3(double.NaN, 0, 0)], [Element.Zn], Cell.Orthorhombic(10, 10, 10));
        Assert.Throws<ArgumentException>(() => NeighborList.Build(bad, [0], 3));
    }

    [Fact]
    public void MinSquaredNormOverABoxMatchesDenseSampling()
    {
        var rng = new Random(12);
        for (int trial = 0; trial < 200; trial++)
        {
            var cell = RandomCell(rng);
            Vec3[] l = [cell.A, cell.B, cell.C];
            var g = new double[9];
            for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                g[r * 3 + c] = Vec3.Dot(l[r], l[c]);
            var lo = new double[3];
            var hi = new double[3];
            for (int ax = 0; ax < 3; ax++)
            {
                lo[ax] = rng.NextDouble() * 2 - 1.2;
                hi[ax] = lo[ax] + 0.05 + 0.5 * rng.NextDouble();
            }
            double exact = CellListSearch.MinSquaredNorm(g, lo, hi);
            double sampled = double.PositiveInfinity;
            const int steps = 24;
            for (int a = 0; a <= steps; a++)
            for (int b = 0; b <= steps; b++)
            for (int c = 0; c <= steps; c++)
            {
                var s = new Vec3(lo[0] + (hi[0] - lo[0]) * a / steps, lo[1] + (hi[1] - lo[1]) * b / steps, lo[2] + (hi[2] - lo[2]) * c / steps);
                sampled = Math.Min(sampled, cell.FractionalToDisplacement(s).LengthSquared);
            }
            // Never above any point of the box (the stencil must not drop a bin), and close to the sampled minimum.
            Assert.True(exact <= sampled * (1 + 1e-12) + 1e-12, $"trial {trial}: {exact} > {sampled}");
            double spacing = 0;
            for (int ax = 0; ax < 3; ax++) spacing += (hi[ax] - lo[ax]) / steps * l[ax].Length;
            Assert.True(Math.Sqrt(sampled) - Math.Sqrt(exact) <= spacing, $"trial {trial}: {exact} far below {sampled}");
        }
    }
}
