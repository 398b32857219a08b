using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>
/// A per-centre descriptor: one row of <see cref="Dimension"/> values per centre atom, in DScribe's layout.
/// Rows are computed in double precision (the reference tolerances need it); writers cast to float32 at the edge.
/// </summary>
public interface IDescriptor
{
    /// <summary>Serialisable settings; <c>Spec.Create()</c> rebuilds an equal descriptor.</summary>
    DescriptorSpec Spec { get; }

    /// <summary>Values per row (e.g. 780 for the paper's SOAP, 12 for the paper's BPSF).</summary>
    int Dimension { get; }

    /// <summary>A name per column, <see cref="Dimension"/> in all, in row order (the header of CSV output).</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Radius the neighbour list must cover (Å).</summary>
    double Cutoff { get; }

    /// <summary>Elements that count as neighbours (the descriptor's species); others are ignored.</summary>
    IReadOnlyCollection<Element> NeighborElements { get; }

    /// <summary>Rows <see cref="Compute"/> writes for this many centres: one per centre unless the descriptor averages.</summary>
    int RowCount(int centres) => centres;

    /// <summary>
    /// Writes one row per centre into <paramref name="output"/> (length RowCount(centres) × Dimension). The neighbour list
    /// must have been built for exactly these centres, with at least <see cref="Cutoff"/> and these elements.
    /// </summary>
    void Compute(Frame frame, NeighborList neighbors, Span<double> output);
}

/// <summary>
/// Helpers shared by every <see cref="IDescriptor"/>: the neighbour list it needs and a one-call computation of its rows.
/// </summary>
public static class DescriptorExtensions
{
    /// <summary>Builds the neighbour list this descriptor needs and computes the rows of the given centres.</summary>
    public static double[] Compute(this IDescriptor descriptor, Frame frame, ReadOnlySpan<int> centres, int maxDegreeOfParallelism = -1)
    {
        var neighbors = descriptor.BuildNeighbors(frame, centres, maxDegreeOfParallelism);
        var output = new double[descriptor.RowCount(centres.Length) * descriptor.Dimension];
        descriptor.Compute(frame, neighbors, output);
        return output;
    }

    /// <summary>
    /// The neighbour list <paramref name="descriptor"/> needs for <paramref name="centres"/>: its cutoff (Å) and neighbour elements, through the periodic cell when the spec is periodic and as a cluster otherwise.
    /// </summary>
    public static NeighborList BuildNeighbors(this IDescriptor descriptor, Frame frame, ReadOnlySpan<int> centres, int maxDegreeOfParallelism = -1)
    {
        var cell = descriptor.Spec.Periodic ? frame.Cell : Cell.None;
        var view = ReferenceEquals(cell, frame.Cell) ? frame : new Frame(frame.Positions, frame.Elements, cell);
        try
        {
            return NeighborList.Build(view, centres, descriptor.Cutoff, descriptor.NeighborElements, maxDegreeOfParallelism);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "cutoff")
        {
            var message = e.Message.Split(" (Parameter", 2)[0].Split('\n', 2)[0].Trim();
            throw new ZifPhaseException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the descriptor's r_cut {descriptor.Cutoff:G6} Å is too large for this cell: {message}; lower r_cut in the descriptor spec"));
        }
    }
}
