using ZifPhase.Structures;

namespace ZifPhase.Neighbors;

/// <summary>The integer periodic image (n_a, n_b, n_c) of a neighbour: T = n_a·a + n_b·b + n_c·c.</summary>
public readonly record struct ImageShift(int A, int B, int C)
{
    /// <summary>The shift (0, 0, 0): the neighbour in the home cell.</summary>
    public static ImageShift Zero => default;
    /// <summary>Whether this is the home cell (all three shifts 0).</summary>
    public bool IsZero => A == 0 && B == 0 && C == 0;
    /// <summary>The opposite image (−n_a, −n_b, −n_c).</summary>
    public static ImageShift operator -(ImageShift s) => new(-s.A, -s.B, -s.C);
    /// <summary>Component-wise sum of two image shifts.</summary>
    public static ImageShift operator +(ImageShift x, ImageShift y) => new(x.A + y.A, x.B + y.B, x.C + y.C);
    /// <summary>Component-wise difference of two image shifts.</summary>
    public static ImageShift operator -(ImageShift x, ImageShift y) => new(x.A - y.A, x.B - y.B, x.C - y.C);
}

/// <summary>
/// All neighbours within a cutoff of chosen centre atoms, periodic images included, as flat CSR arrays.
/// For centre row c (atom i = <see cref="Centres"/>[c]) the entries k in [Offsets[c], Offsets[c+1]) hold every
/// atom j (of the requested elements) and lattice translation T with 0 &lt; |r_j + T − r_i| ≤ <see cref="Cutoff"/>:
/// the centre itself at T = 0 is excluded (as is any atom sitting exactly on the centre), but its periodic
/// images are neighbours when the cutoff reaches them, as are several images of the same atom when the cutoff
/// exceeds half a cell width. Entries of a row are sorted by (j, shift A, B, C), so the result does not depend
/// on thread count or binning. Vectors are computed as (r_j − r_i) + T with T = <see cref="Cell.Translation"/>.
/// </summary>
public sealed class NeighborList
{
    /// <summary>The inclusive cutoff radius the list was built with, in Å.</summary>
    public double Cutoff { get; }
    /// <summary>Atom index of each centre row, as given (duplicates allowed).</summary>
    public int[] Centres { get; }
    /// <summary>CSR offsets, length Centres.Length + 1.</summary>
    public int[] Offsets { get; }
    /// <summary>Atom index of each neighbour.</summary>
    public int[] Neighbors { get; }
    /// <summary>Displacement from the centre to the neighbour's image, Å.</summary>
    public Vec3[] Vectors { get; }
    /// <summary>|Vectors[k]| in Å.</summary>
    public double[] Distances { get; }
    /// <summary>Integer image of the translation T of each entry.</summary>
    public ImageShift[] Shifts { get; }

    /// <summary>
    /// Total number of (centre, neighbour image) entries over all rows: the length of Neighbors, Vectors, Distances and Shifts.
    /// </summary>
    public int PairCount => Neighbors.Length;
    /// <summary>Number of centre rows (Centres.Length); Offsets has one more entry.</summary>
    public int CentreCount => Centres.Length;

    internal NeighborList(double cutoff, int[] centres, int[] offsets, int[] neighbors, Vec3[] vectors, double[] distances, ImageShift[] shifts)
    {
        Cutoff = cutoff;
        Centres = centres;
        Offsets = offsets;
        Neighbors = neighbors;
        Vectors = vectors;
        Distances = distances;
        Shifts = shifts;
    }

    /// <summary>Number of neighbours of centre row <paramref name="row"/>.</summary>
    public int CountOf(int row) => Offsets[row + 1] - Offsets[row];

    /// <summary>Atom indices of the neighbours of centre row <paramref name="row"/>, sorted by (atom, shift).</summary>
    public ReadOnlySpan<int> NeighborsOf(int row) => Neighbors.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    /// <summary>
    /// Displacements (Å) from the centre of row <paramref name="row"/> to each neighbour image, same order as <see cref="NeighborsOf"/>.
    /// </summary>
    public ReadOnlySpan<Vec3> VectorsOf(int row) => Vectors.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    /// <summary>
    /// Distances (Å) from the centre of row <paramref name="row"/> to each neighbour image, same order as <see cref="NeighborsOf"/>.
    /// </summary>
    public ReadOnlySpan<double> DistancesOf(int row) => Distances.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    /// <summary>
    /// Image shifts of the neighbours of centre row <paramref name="row"/>, same order as <see cref="NeighborsOf"/>.
    /// </summary>
    public ReadOnlySpan<ImageShift> ShiftsOf(int row) => Shifts.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    /// <summary>
    /// Builds the list with a cell-list search (linear in the number of atoms), parallel over centres.
    /// </summary>
    /// <param name="frame">Positions need not be wrapped into the cell; any finite position works.</param>
    /// <param name="centres">Atom indices of the centres, one row each, in this order.</param>
    /// <param name="cutoff">Inclusive cutoff in Å; may exceed the cell widths (then several images of an atom appear).</param>
    /// <param name="neighborElements">Only atoms of these elements are neighbours; null means all atoms.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, or a positive thread count. The result is identical for any value.</param>
    public static NeighborList Build(Frame frame, ReadOnlySpan<int> centres, double cutoff,
        IReadOnlyCollection<Element>? neighborElements = null, int maxDegreeOfParallelism = -1) =>
        CellListSearch.Build(frame, centres, cutoff, neighborElements, maxDegreeOfParallelism, CellListSearch.DefaultBinsPerCutoff);
}
