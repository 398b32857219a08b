using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors;

/// <summary>
/// The contract every descriptor keeps, in the spirit of DScribe's shared tests (tests/conftest.py): rows do not
/// change under rotation or translation of positions and cell, follow their centres under a permutation of the
/// atoms, are the same for corresponding centres of a cell and its 2×1×1 supercell, are bit-identical for 1, 2
/// and 4 threads, change continuously (up to the descriptor's own cutoff jump) when a neighbour crosses the
/// cutoff, and the neighbour list the descriptor asks for holds every neighbour a brute-force search over
/// images finds within its cutoff. A new descriptor subclasses this with its spec and tolerances; the checks
/// run on real structures shipped in data/.
/// </summary>
public abstract class DescriptorContractTests(ITestOutputHelper output)
{
    /// <summary>The settings under test.</summary>
    protected abstract DescriptorSpec Spec { get; }

    /// <summary>A periodic structure from data/ (path parts under data/structures).</summary>
    protected virtual string[] StructurePath => ["lewis-2009", "ZIF-4.cif"];

    /// <summary>Largest relative change of a row (‖Δ‖/‖row‖) allowed by an exact invariance: rounding only.</summary>
    protected virtual double InvarianceTolerance => 1e-10;

    /// <summary>
    /// Largest relative change of the row when a neighbour moves from 10⁻⁶ Å inside the cutoff to outside. The
    /// default is a smooth cutoff's: the neighbour's weight there is ~10⁻¹⁴, nothing at double precision.
    /// </summary>
    protected virtual double CutoffJumpTolerance => 1e-12;

    /// <summary>The element of the atom that crosses the cutoff (a neighbour species of <see cref="Spec"/>).</summary>
    protected virtual Element CrossingElement => Element.Zn;

    /// <summary>Centres of a frame: its Zn, the centres of the method.</summary>
    protected virtual int[] Centres(Frame frame) => frame.IndicesOf(Element.Zn);

    private Frame Structure() => TrajectoryReader.ReadFirst(TestPaths.Data(["structures", .. StructurePath]));

    private IDescriptor Create(int threads = 1) => Spec.Create(threads);

    private static double RelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return norm == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff / norm);
    }

    private void AssertRowsAgree(double[] expected, double[] actual, int dimension, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Contains(expected, v => v != 0);
        double worst = 0;
        for (int r = 0; r < expected.Length / dimension; r++)
            worst = Math.Max(worst, RelativeDifference(actual.AsSpan(r * dimension, dimension), expected.AsSpan(r * dimension, dimension)));
        output.WriteLine($"{what}: largest relative row change {worst:E2} (tolerance {tolerance:E0})");
        Assert.True(worst <= tolerance, $"{what}: a row changed by {worst:E2} of its norm");
    }

    [Fact]
    public void RotationInvariance()
    {
        var frame = Structure();
        var rotate = Soap.SoapTestSystems.RandomRotation(17);
        var cell = frame.Cell;
        var rotated = new Frame(frame.Positions.Select(rotate).ToArray(), frame.Elements,
            new Cell(rotate(cell.A), rotate(cell.B), rotate(cell.C), rotate(cell.Origin)));
        var d = Create();
        AssertRowsAgree(d.Compute(frame, Centres(frame)), d.Compute(rotated, Centres(rotated)), d.Dimension, InvarianceTolerance, "rotation");
    }

    [Fact]
    public void TranslationInvariance()
    {
        var frame = Structure();
        var cell = frame.Cell;
        var shift = new Vec3(13.7, -25.2, 40.1);
        var moved = new Frame(frame.Positions.Select(p => p + shift).ToArray(), frame.Elements, cell);
        // Single atoms moved by whole lattice vectors: the same periodic system, not wrapped.
        var wrapped = new Frame(frame.Positions.Select((p, i) => p + cell.Translation(i % 3 - 1, 2 - i % 5, i % 2)).ToArray(), frame.Elements, cell);
        var d = Create();
        var rows = d.Compute(frame, Centres(frame));
        AssertRowsAgree(rows, d.Compute(moved, Centres(moved)), d.Dimension, InvarianceTolerance, "translation");
        AssertRowsAgree(rows, d.Compute(wrapped, Centres(wrapped)), d.Dimension, InvarianceTolerance, "lattice shifts of single atoms");
    }

    [Fact]
    public void PermutationOfAtomsMovesRowsWithTheirCentres()
    {
        var frame = Structure();
        int n = frame.AtomCount;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(3).Shuffle(order); // new atom i is old atom order[i]
        var newIndex = new int[n];
        for (int i = 0; i < n; i++) newIndex[order[i]] = i;
        var permuted = new Frame(order.Select(i => frame.Positions[i]).ToArray(), order.Select(i => frame.Elements[i]).ToArray(), frame.Cell);
        var centres = Centres(frame);
        var d = Create();
        AssertRowsAgree(d.Compute(frame, centres), d.Compute(permuted, centres.Select(c => newIndex[c]).ToArray()), d.Dimension,
            InvarianceTolerance, "permutation");
    }

    [Fact]
    public void SupercellReplicationGivesTheSameRows()
    {
        var unit = Structure();
        var super = unit.Replicate(2, 1, 1);
        var centres = Centres(unit);
        var d = Create();
        var rows = d.Compute(unit, centres);
        foreach (int image in new[] { 0, 1 })
        {
            var copies = centres.Select(c => image * unit.AtomCount + c).ToArray();
            Assert.All(copies.Zip(centres), p => Assert.Equal(unit.Elements[p.Second], super.Elements[p.First]));
            AssertRowsAgree(rows, d.Compute(super, copies), d.Dimension, InvarianceTolerance, $"2×1×1 supercell, image {image}");
        }
    }

    [Fact]
    public void RowsAreBitIdenticalForOneTwoAndFourThreads()
    {
        var frame = Structure().Replicate(2, 1, 1);
        var centres = Centres(frame);
        Assert.True(centres.Length > 16, "enough centres for several chunks");
        var one = Create(1).Compute(frame, centres);
        foreach (int threads in new[] { 2, 4 })
        {
            var rows = Create(threads).Compute(frame, centres);
            Assert.True(one.AsSpan().SequenceEqual(rows), $"{threads} threads: rows differ from 1 thread");
        }
    }

    /// <summary>
    /// A cluster (the atoms within 12 Å of a Zn of the 2×2×2 supercell, no cell) and one more atom of
    /// <see cref="CrossingElement"/> at distances r just inside the descriptor's cutoff: as r → cutoff the row tends
    /// to the row without the atom (a smooth cutoff), or jumps by at most <see cref="CutoffJumpTolerance"/> (a hard
    /// one); outside the cutoff the atom changes nothing.
    /// </summary>
    [Fact]
    public void ANeighbourCrossingTheCutoffChangesTheRowContinuously()
    {
        var super = Structure().Replicate(2, 2, 2);
        var middle = (super.Cell.A + super.Cell.B + super.Cell.C) * 0.5 + super.Cell.Origin;
        int zn = super.IndicesOf(Element.Zn).OrderBy(i => (super.Positions[i] - middle).Length).First();
        var centre = super.Positions[zn];
        var keep = Enumerable.Range(0, super.AtomCount).Where(i => i != zn && (super.Positions[i] - centre).Length <= 12.0).Prepend(zn).ToList();
        var direction = new Vec3(0.48, -0.6, 0.64); // unit length
        var d = Create();
        Assert.Contains(CrossingElement, d.NeighborElements);
        Frame Cluster(double? distance)
        {
            var positions = keep.Select(i => super.Positions[i] - centre);
            var elements = keep.Select(i => super.Elements[i]);
            return distance is { } r
                ? new Frame(positions.Append(direction * r).ToArray(), elements.Append(CrossingElement).ToArray(), Cell.None)
                : new Frame(positions.ToArray(), elements.ToArray(), Cell.None);
        }
        var without = d.Compute(Cluster(null), [0]);
        double rc = d.Cutoff;
        var changes = new[] { 1e-1, 1e-3, 1e-6 }.Select(delta => RelativeDifference(d.Compute(Cluster(rc - delta), [0]), without)).ToArray();
        output.WriteLine($"{keep.Count} atoms, cutoff {rc} Å: change with the atom 0.1, 1e-3, 1e-6 Å inside: {string.Join(", ", changes.Select(c => c.ToString("E2")))}");
        Assert.True(changes[0] > 0, "an atom inside the cutoff must contribute");
        Assert.True(changes[^1] <= CutoffJumpTolerance, $"the row jumps by {changes[^1]:E2} of its norm at the cutoff");
        var outside = d.Compute(Cluster(rc + 1e-6), [0]);
        Assert.True(outside.AsSpan().SequenceEqual(without), "an atom outside the cutoff changed the row");
    }

    /// <summary>
    /// The list <see cref="DescriptorExtensions.BuildNeighbors"/> gives reaches the descriptor's cutoff and holds
    /// every (atom, image) of a neighbour element within it that a brute-force search over images finds; rows
    /// from a wider list with every element are the same.
    /// </summary>
    [Fact]
    public void TheNeighbourListCoversTheCutoff()
    {
        var frame = Structure();
        var centres = Centres(frame);
        var d = Create();
        var list = d.BuildNeighbors(frame, centres, 1);
        Assert.True(list.Cutoff >= d.Cutoff, $"the list reaches {list.Cutoff} Å, the descriptor needs {d.Cutoff} Å");
        var cell = frame.Cell;
        var widths = cell.PerpendicularWidths;
        int ia = (int)Math.Ceiling(d.Cutoff / widths.X) + 1, ib = (int)Math.Ceiling(d.Cutoff / widths.Y) + 1, ic = (int)Math.Ceiling(d.Cutoff / widths.Z) + 1;
        var neighbourElements = d.NeighborElements.ToHashSet();
        int total = 0;
        for (int row = 0; row < centres.Length; row++)
        {
            var listed = new HashSet<(int, ImageShift)>();
            var nbrs = list.NeighborsOf(row);
            var shifts = list.ShiftsOf(row);
            var distances = list.DistancesOf(row);
            for (int q = 0; q < nbrs.Length; q++)
                if (distances[q] <= d.Cutoff) listed.Add((nbrs[q], shifts[q]));
            var ri = frame.Positions[centres[row]];
            for (int j = 0; j < frame.AtomCount; j++)
            {
                if (!neighbourElements.Contains(frame.Elements[j])) continue;
                for (int a = -ia; a <= ia; a++)
                for (int b = -ib; b <= ib; b++)
                for (int c = -ic; c <= ic; c++)
                {
                    double r = (frame.Positions[j] + cell.Translation(a, b, c) - ri).Length;
                    if (r == 0 || r > d.Cutoff * (1 - 1e-12)) continue;
                    total++;
                    Assert.True(listed.Contains((j, new ImageShift(a, b, c))),
                        $"centre {centres[row]}: atom {j} in image ({a}, {b}, {c}) at {r:F4} Å is not in the list");
                }
            }
        }
        output.WriteLine($"{total} neighbours within {d.Cutoff:F3} Å of {centres.Length} centres, all listed");
        Assert.True(total > 0);

        var own = d.Compute(frame, centres);
        var wide = NeighborList.Build(frame, centres, d.Cutoff + 1.5);
        var rows = new double[own.Length];
        d.Compute(frame, wide, rows);
        AssertRowsAgree(own, rows, d.Dimension, InvarianceTolerance, "wider list of every element");
    }
}
